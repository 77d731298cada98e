import type { Category } from '../register/category.js';
import type { CardFacts } from './card-status.js';

/** A card with its holder and the holder's entries as they are now, as CardsRepository reads it. */
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
