import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CardRow } from './card-rows.js';

/**
 * Reads CardRows; each query adds its own WHERE. It joins, read-only, the
 * holder's number and names (interpreters), whether they have a photo
 * (interpreter_photos) and their entries as they are now (register_entries):
 * a card's status is decided from one statement's snapshot, so a suspension
 * committed between two reads can never be missed, and a print run or the
 * status list reads thousands of cards in one statement.
 */
const CARD_SELECT = `
  SELECT c.id::text AS id, c.serial, c.languages, c.issued_at, c.expires_at, c.replaced_at,
         c.revoked_at, c.interpreter_id, i.interpreter_number, i.given_name, i.family_name,
         EXISTS (SELECT 1 FROM interpreter_photos p WHERE p.interpreter_id = c.interpreter_id)
           AS has_photo,
         coalesce((SELECT json_agg(json_build_object('code', e.language_code,
                     'category', e.category, 'status', e.status))
                     FROM register_entries e WHERE e.interpreter_id = c.interpreter_id),
                  '[]'::json) AS entries
    FROM cards c JOIN interpreters i ON i.id = c.interpreter_id`;

const CURRENT = 'c.replaced_at IS NULL AND c.revoked_at IS NULL';

/** Narrows a print run to one interpreter, or to the cards issued since a date. */
export interface PrintRunFilter {
  interpreterNumber?: number;
  issuedSince?: Date;
}

/**
 * The only code that reads or writes cards and card_policy. Cards are issued,
 * replaced and revoked by cards_sync_person() (the migration's function, run
 * by the entries' trigger and from here).
 */
@Injectable()
export class CardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Cards issued from now on (here or by the trigger) are valid this long. */
  async setValidity(years: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE card_policy SET validity = make_interval(years => $1)
        WHERE validity <> make_interval(years => $1)`,
      [years],
    );
  }

  async card(cardId: string): Promise<CardRow | undefined> {
    const [row]: CardRow[] = await this.dataSource.query(`${CARD_SELECT} WHERE c.id = $1`, [
      cardId,
    ]);
    return row;
  }

  async holderOf(cardId: string): Promise<string | undefined> {
    const [row]: Array<{ interpreter_id: string }> = await this.dataSource.query(
      `SELECT interpreter_id FROM cards WHERE id = $1`,
      [cardId],
    );
    return row?.interpreter_id;
  }

  async current(interpreterId: string): Promise<CardRow | undefined> {
    const [row]: CardRow[] = await this.dataSource.query(
      `${CARD_SELECT} WHERE c.interpreter_id = $1 AND ${CURRENT}`,
      [interpreterId],
    );
    return row;
  }

  /** The serial of the person's current card, read in the caller's transaction. */
  async currentSerial(em: EntityManager, interpreterId: string): Promise<number | undefined> {
    const [row]: Array<{ serial: number }> = await em.query(
      `SELECT c.serial FROM cards c WHERE c.interpreter_id = $1 AND ${CURRENT}`,
      [interpreterId],
    );
    return row?.serial;
  }

  /** Brings the person's card in line with their entries; an expired card is renewed. */
  async sync(interpreterId: string): Promise<void> {
    await this.dataSource.query(`SELECT cards_sync_person($1)`, [interpreterId]);
  }

  /** A new card with the same content in the caller's transaction; the old one is replaced. */
  async reissue(em: EntityManager, interpreterId: string): Promise<void> {
    await em.query(`SELECT cards_sync_person($1, true)`, [interpreterId]);
  }

  /** Current, unexpired cards of people with an active entry, oldest issue first. */
  printRun(filter: PrintRunFilter): Promise<CardRow[]> {
    return this.dataSource.query(
      `${CARD_SELECT}
        WHERE ${CURRENT} AND c.expires_at > now()
          -- No card goes to the printer for a person who is suspended in every language.
          AND EXISTS (SELECT 1 FROM register_entries e
                       WHERE e.interpreter_id = c.interpreter_id AND e.status = 'active')
          AND ($1::integer IS NULL OR i.interpreter_number = $1)
          AND ($2::timestamptz IS NULL OR c.issued_at >= $2)
        ORDER BY c.issued_at, c.id`,
      [filter.interpreterNumber ?? null, filter.issuedSince ?? null],
    );
  }

  /** Unexpired cards that are replaced, revoked or whose holder has no active entry. */
  notInForce(): Promise<CardRow[]> {
    return this.dataSource.query(
      `${CARD_SELECT}
        WHERE c.expires_at > now()
          AND (c.replaced_at IS NOT NULL OR c.revoked_at IS NOT NULL
               OR NOT EXISTS (SELECT 1 FROM register_entries e
                               WHERE e.interpreter_id = c.interpreter_id AND e.status = 'active'))
        ORDER BY c.id`,
    );
  }

  /** Every card the person has had, newest first (their access request). */
  allOf(interpreterId: string): Promise<CardRow[]> {
    return this.dataSource.query(
      `${CARD_SELECT} WHERE c.interpreter_id = $1 ORDER BY c.serial DESC`,
      [interpreterId],
    );
  }
}
