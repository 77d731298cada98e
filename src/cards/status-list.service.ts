import { Injectable } from '@nestjs/common';
import type { CardKeyRing } from './card-keys.js';
import { CardKeyStore } from './card-key-store.js';
import { cardFacts } from './card-rows.js';
import { CardsRepository } from './cards.repository.js';
import { cardStatus } from './card-status.js';
import { signStatusList, type StatusListPayload } from './status-list.js';

/** The signed status list that offline verifiers download (/.well-known/card-status.jwt). */
@Injectable()
export class StatusListService {
  private cached: { at: number; ring: CardKeyRing; jws: string } | undefined;

  constructor(
    private readonly cards: CardsRepository,
    private readonly keys: CardKeyStore,
  ) {}

  /**
   * The signed list of unexpired cards that are not valid now, for offline
   * verifiers. Built at most once a minute; valid for a day.
   */
  async statusList(now = new Date()): Promise<string> {
    const ring = await this.keys.ring();
    // A list signed before the keys changed may be signed by a key retired since.
    const cached = this.cached;
    if (cached && cached.ring === ring && now.getTime() - cached.at < 60_000) return cached.jws;
    const cards: StatusListPayload['cards'] = {};
    for (const row of await this.cards.notInForce()) {
      const { status } = cardStatus(cardFacts(row), now, row.expires_at);
      if (status !== 'valid' && status !== 'expired') cards[row.id] = status;
    }
    const iat = Math.floor(now.getTime() / 1000);
    const jws = signStatusList({ iat, exp: iat + 86_400, cards }, ring.signer);
    this.cached = { at: now.getTime(), ring, jws };
    return jws;
  }
}
