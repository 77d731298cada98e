import { HttpStatus, Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/problem.js';
import type { CardConfig } from '../config/configuration.js';
import { InterpretersService } from '../interpreters/interpreters.service.js';
import type { PrintableCard } from './card-pdf.js';
import { CardKeyStore } from './card-key-store.js';
import { cardFacts, cardNumber } from './card-rows.js';
import { cardStatus, type CardStatus } from './card-status.js';
import { signCardToken } from './card-token.js';
import { CardsRepository } from './cards.repository.js';
import { PrintableCardsService } from './printable-cards.service.js';

export interface InterpreterCard {
  cardId: string;
  status: CardStatus;
  printable: PrintableCard;
}

/** A short-lived code for the digital card, and the check page it opens. */
export interface DigitalCode {
  token: string;
  url: string;
  expiresAt: Date;
}

/** The signed-in interpreter's own card: show it, renew it, replace a lost one. */
/** The signed-in person has no card now (no entry in force). */
export class NoCardError extends DomainError {
  constructor() {
    super('NO_CARD', 'You have no interpreter card.', HttpStatus.NOT_FOUND);
  }
}

@Injectable()
export class HolderCardService implements OnModuleInit {
  private readonly config: CardConfig;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cards: CardsRepository,
    private readonly interpreters: InterpretersService,
    private readonly keys: CardKeyStore,
    private readonly audit: AuditService,
    private readonly printable: PrintableCardsService,
    config: ConfigService,
  ) {
    this.config = config.getOrThrow<CardConfig>('cards');
  }

  /**
   * The card validity in the database follows configuration (for cards issued
   * from now on, here or by the entries' trigger).
   */
  async onModuleInit(): Promise<void> {
    await this.cards.setValidity(this.config.validityYears);
  }

  get codeMinutes(): number {
    return this.config.codeMinutes;
  }

  /**
   * The interpreter's current card. An expired card of a person still in the
   * register is renewed here, so the card page always has a card to show.
   */
  async currentCard(interpreterNumber: number): Promise<InterpreterCard | undefined> {
    const interpreterId = await this.interpreters.idByNumber(interpreterNumber);
    if (interpreterId === undefined) return undefined;
    await this.cards.sync(interpreterId);
    const row = await this.cards.current(interpreterId);
    if (!row) return undefined;
    const [printable] = await this.printable.of([row]);
    const { status } = cardStatus(cardFacts(row), new Date(), row.expires_at);
    return { cardId: row.id, status, printable };
  }

  /**
   * The holder reports the card lost: a new card with the same content is
   * issued at once and the old one reads "replaced" from this moment.
   */
  async replaceLost(interpreterNumber: number, actor: Actor): Promise<InterpreterCard | undefined> {
    // Looked up before the transaction: a number and its person never part.
    const interpreterId = await this.interpreters.idByNumber(interpreterNumber);
    if (interpreterId === undefined) return undefined;
    const replaced = await this.dataSource.transaction(async (em) => {
      const serial = await this.cards.currentSerial(em, interpreterId);
      if (serial === undefined) return false;
      await this.cards.reissue(em, interpreterId);
      await this.audit.record(em, actor, {
        action: 'card.reported_lost',
        subjectType: 'card',
        subjectId: cardNumber({ interpreter_number: interpreterNumber, serial }),
      });
      return true;
    });
    return replaced ? this.currentCard(interpreterNumber) : undefined;
  }

  /** A short-lived code for the digital card: it stops working after CARD_CODE_MINUTES. */
  async digitalCode(card: InterpreterCard, now = new Date()): Promise<DigitalCode> {
    const expiresAt = new Date(
      Math.min(
        now.getTime() + this.config.codeMinutes * 60_000,
        card.printable.expiresAt.getTime(),
      ),
    );
    const token = signCardToken(
      { kind: 'digital', cardId: card.cardId, expiresAt },
      (await this.keys.ring()).signer,
    );
    return { token, url: this.printable.verificationUrl(token), expiresAt };
  }

  /** The signed-in holder's current card; "not found" for anyone without one. */
  async cardOf(holder: { interpreterNumber: number | null }): Promise<InterpreterCard> {
    const card = holder.interpreterNumber
      ? await this.currentCard(holder.interpreterNumber)
      : undefined;
    if (!card) throw new NoCardError();
    return card;
  }

  /** The signed-in holder reports their card lost; "not found" for anyone without one. */
  async reportLost(
    holder: { interpreterNumber: number | null },
    actor: Actor,
  ): Promise<InterpreterCard> {
    const card = holder.interpreterNumber
      ? await this.replaceLost(holder.interpreterNumber, actor)
      : undefined;
    if (!card) throw new NoCardError();
    return card;
  }

  /**
   * Every card the person has had (their access request): number, status
   * now, languages and dates; never a token, which is signed when shown.
   */
  async cardsHeldBy(interpreterId: string, now = new Date()) {
    return (await this.cards.allOf(interpreterId)).map((row) => ({
      cardNumber: cardNumber(row),
      status: cardStatus(cardFacts(row), now, row.expires_at).status,
      languages: row.languages,
      issuedAt: new Date(row.issued_at).toISOString(),
      expiresAt: new Date(row.expires_at).toISOString(),
      replacedAt: row.replaced_at ? new Date(row.replaced_at).toISOString() : null,
      revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
    }));
  }
}
