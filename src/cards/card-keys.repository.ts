import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** The only code that reads or writes card_key_retirements (append-only for the app). */
@Injectable()
export class CardKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async retired(): Promise<Set<string>> {
    const rows: Array<{ kid: string }> = await this.dataSource.query(
      `SELECT kid FROM card_key_retirements`,
    );
    return new Set(rows.map((r) => r.kid));
  }

  /** False when the key was retired already. */
  async retire(em: EntityManager, kid: string): Promise<boolean> {
    const inserted: Array<{ kid: string }> = await em.query(
      `INSERT INTO card_key_retirements (kid) VALUES ($1) ON CONFLICT (kid) DO NOTHING
       RETURNING kid`,
      [kid],
    );
    return inserted.length > 0;
  }
}
