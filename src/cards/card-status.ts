import type { Category } from '../register/category.js';

export const CARD_STATUSES = ['valid', 'suspended', 'revoked', 'expired', 'replaced'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** A language on the card and whether the interpreter may work in it right now. */
export interface LanguageStanding {
  code: string;
  category: Category;
  standing: 'valid' | 'suspended';
}

export interface CardFacts {
  /** What the card shows. */
  languages: Array<{ code: string; category: Category }>;
  expiresAt: Date;
  replacedAt: Date | null;
  revokedAt: Date | null;
  /** The person's register entries as they are now. */
  entries: Array<{ code: string; category: Category; status: string }>;
}

/**
 * The status a card check shows, from the card and the person's entries as
 * they are at this moment. The order matters: a reason to distrust the
 * person (revoked, suspended) outranks a reason to distrust the card
 * (replaced, expired), so an old card never hides a suspension.
 *
 * @param codeExpiresAt when the scanned code stops working: the card's
 *   expiry for a printed card, minutes from issue for a digital code.
 */
export function cardStatus(
  card: CardFacts,
  now: Date,
  codeExpiresAt: Date,
): { status: CardStatus; languages: LanguageStanding[] } {
  if (card.revokedAt) return { status: 'revoked', languages: [] };
  const standings: LanguageStanding[] = [];
  for (const shown of card.languages) {
    const entry = card.entries.find((e) => e.code === shown.code);
    if (!entry || entry.category !== shown.category) continue;
    if (entry.status === 'active' || entry.status === 'suspended') {
      standings.push({
        code: shown.code,
        category: shown.category,
        standing: entry.status === 'active' ? 'valid' : 'suspended',
      });
    }
  }
  const anyValid = standings.some((s) => s.standing === 'valid');
  if (!anyValid && standings.length > 0) return { status: 'suspended', languages: standings };
  if (card.replacedAt) return { status: 'replaced', languages: [] };
  if (card.expiresAt <= now || codeExpiresAt <= now) return { status: 'expired', languages: [] };
  if (!anyValid) return { status: 'revoked', languages: [] };
  return { status: 'valid', languages: standings };
}
