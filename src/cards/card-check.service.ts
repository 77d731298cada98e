import { Injectable } from '@nestjs/common';
import {
  type InterpreterPhoto,
  InterpretersService,
} from '../interpreters/interpreters.service.js';
import type { LanguageNames } from '../languages/language.js';
import { LanguagesService } from '../languages/languages.service.js';
import type { Category } from '../register/category.js';
import { CardKeyStore } from './card-key-store.js';
import { cardFacts, cardNumber } from './card-rows.js';
import { cardStatus, type CardStatus } from './card-status.js';
import { verifyCardToken, type CardTokenClaims, type TokenKind } from './card-token.js';
import { CardsRepository } from './cards.repository.js';

/** The largest card id PostgreSQL's bigint holds; a token may carry a larger one. */
const MAX_CARD_ID = 9_223_372_036_854_775_807n;

/** What a card check shows; the same for the page and the JSON API. */
export interface CardCheck {
  status: CardStatus;
  checkedAt: string;
  interpreter: {
    interpreterNumber: number;
    givenName: string;
    familyName: string;
    hasPhoto: boolean;
  };
  card: { cardNumber: string; issuedAt: string; expiresAt: string };
  /** Whether the scanned code is a printed card or a short-lived code from the digital card. */
  code: { kind: TokenKind; expiresAt: string };
  /** The card's languages in force now; empty unless the status is valid or suspended. */
  languages: Array<
    { code: string; category: Category; standing: 'valid' | 'suspended' } & LanguageNames
  >;
}

/** Someone scanned a card: is it genuine, and may its holder work now? */
@Injectable()
export class CardCheckService {
  constructor(
    private readonly cards: CardsRepository,
    private readonly keys: CardKeyStore,
    private readonly interpreters: InterpretersService,
    private readonly languages: LanguagesService,
  ) {}

  /** Checks a scanned token. Undefined for anything that is not a genuine token of a known card. */
  async check(token: string, now = new Date()): Promise<CardCheck | undefined> {
    const claims = await this.genuine(token);
    if (!claims) return undefined;
    const row = await this.cards.card(claims.cardId);
    if (!row) return undefined;
    const { status, languages } = cardStatus(cardFacts(row), now, claims.expiresAt);
    const nameOf = await this.languages.names();
    return {
      status,
      checkedAt: now.toISOString(),
      interpreter: {
        interpreterNumber: row.interpreter_number,
        givenName: row.given_name,
        familyName: row.family_name,
        hasPhoto: row.has_photo,
      },
      card: {
        cardNumber: cardNumber(row),
        issuedAt: row.issued_at.toISOString(),
        expiresAt: row.expires_at.toISOString(),
      },
      code: { kind: claims.kind, expiresAt: claims.expiresAt.toISOString() },
      languages: languages.map((l) => ({ ...l, ...nameOf(l.code) })),
    };
  }

  /** The photo of a genuine card's holder, or undefined. */
  async photoForToken(token: string): Promise<InterpreterPhoto | undefined> {
    const claims = await this.genuine(token);
    if (!claims) return undefined;
    const holder = await this.cards.holderOf(claims.cardId);
    return holder === undefined ? undefined : this.interpreters.photo(holder);
  }

  /** The claims of a token signed by a key in force, with a card id the database can hold. */
  private async genuine(token: string): Promise<CardTokenClaims | undefined> {
    const claims = verifyCardToken(token, await this.keys.ring());
    return claims && BigInt(claims.cardId) <= MAX_CARD_ID ? claims : undefined;
  }
}
