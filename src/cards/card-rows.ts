import type { Category } from '../register/category.js';
import type { CardFacts } from './card-status.js';

/** A card with its holder and the holder's entries as they are now, as CARD_SELECT reads it. */
export interface CardRow {
  id: string;
  serial: number;
  languages: Array<{ code: string; category: Category }>;
  issued_at: Date;
  expires_at: Date;
  replaced_at: Date | null;
  revoked_at: Date | null;
  interpreter_id: string;
  interpreter_number: number;
  given_name: string;
  family_name: string;
  has_photo: boolean;
  entries: Array<{ code: string; category: Category; status: string }>;
}

/**
 * Reads CardRows; each use case adds its own WHERE. The entries come with the
 * card so that a status is decided from one statement's snapshot.
 */
export const CARD_SELECT = `
  SELECT c.id::text AS id, c.serial, c.languages, c.issued_at, c.expires_at, c.replaced_at,
         c.revoked_at, c.interpreter_id, i.interpreter_number, i.given_name, i.family_name,
         EXISTS (SELECT 1 FROM interpreter_photos p WHERE p.interpreter_id = c.interpreter_id)
           AS has_photo,
         coalesce((SELECT json_agg(json_build_object('code', e.language_code,
                     'category', e.category, 'status', e.status))
                     FROM register_entries e WHERE e.interpreter_id = c.interpreter_id),
                  '[]'::json) AS entries
    FROM cards c JOIN interpreters i ON i.id = c.interpreter_id`;

/** What cardStatus needs to know about a card row. */
export function cardFacts(row: CardRow): CardFacts {
  return {
    languages: row.languages,
    expiresAt: row.expires_at,
    replacedAt: row.replaced_at,
    revokedAt: row.revoked_at,
    entries: row.entries,
  };
}

/** The number printed on the card: the holder's interpreter number and the card's serial. */
export function cardNumber(row: Pick<CardRow, 'interpreter_number' | 'serial'>): string {
  return `${row.interpreter_number}-${row.serial}`;
}
