import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { type PrintableCard, renderCardsPdf } from './card-pdf.js';
import { CardsRepository, type PrintRunFilter } from './cards.repository.js';
import { PrintableCardsService } from './printable-cards.service.js';

/** The cards that go to the card printer. */
@Injectable()
export class PrintRunService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cards: CardsRepository,
    private readonly printable: PrintableCardsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The print run as one PDF for the card printer (front and back of each
   * card). Printed cards are security documents: every run is audited, with
   * the card numbers it holds. Undefined when no card matches.
   */
  async print(
    filter: PrintRunFilter,
    actor: Actor,
  ): Promise<{ cards: PrintableCard[]; pdf: Buffer } | undefined> {
    const cards = await this.printRun(filter);
    if (cards.length === 0) return undefined;
    const pdf = await renderCardsPdf(cards);
    await this.audit.record(this.dataSource.manager, actor, {
      action: 'cards.print_run',
      details: {
        cards: cards.map((c) => c.cardNumber),
        interpreter: filter.interpreterNumber ?? null,
        since: filter.issuedSince?.toISOString().slice(0, 10) ?? null,
      },
    });
    return { cards, pdf };
  }

  /** Current, unexpired cards of people in force, for a print run, oldest issue first. */
  async printRun(filter: PrintRunFilter): Promise<PrintableCard[]> {
    return this.printable.of(await this.cards.printRun(filter));
  }
}
