import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PrintableCard } from './card-pdf.js';
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
  ) {}

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
