import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { type PrintableCard, renderCardsPdf } from './card-pdf.js';
import { CARD_SELECT, type CardRow } from './card-rows.js';
import { PrintableCardsService } from './printable-cards.service.js';

export interface PrintRunFilter {
  interpreterNumber?: number;
  issuedSince?: Date;
}

/** The cards that go to the card printer. */
@Injectable()
export class PrintRunService {
  constructor(
    private readonly dataSource: DataSource,
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
    const rows: CardRow[] = await this.dataSource.query(
      `${CARD_SELECT}
        WHERE c.replaced_at IS NULL AND c.revoked_at IS NULL AND c.expires_at > now()
          -- No card goes to the printer for a person who is suspended in every language.
          AND EXISTS (SELECT 1 FROM register_entries e
                       WHERE e.interpreter_id = c.interpreter_id AND e.status = 'active')
          AND ($1::integer IS NULL OR i.interpreter_number = $1)
          AND ($2::timestamptz IS NULL OR c.issued_at >= $2)
        ORDER BY c.issued_at, c.id`,
      [filter.interpreterNumber ?? null, filter.issuedSince ?? null],
    );
    return this.printable.of(rows);
  }
}
