import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CardKeyRing } from './card-keys.js';
import { CardKeyStore } from './card-key-store.js';
import { CARD_SELECT, cardFacts, type CardRow } from './card-rows.js';
import { cardStatus } from './card-status.js';
import { signStatusList, type StatusListPayload } from './status-list.js';

/** The signed status list that offline verifiers download (/.well-known/card-status.jwt). */
@Injectable()
export class StatusListService {
  private cached: { at: number; ring: CardKeyRing; jws: string } | undefined;

  constructor(
    private readonly dataSource: DataSource,
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
    const rows: CardRow[] = await this.dataSource.query(
      `${CARD_SELECT}
        WHERE c.expires_at > now()
          AND (c.replaced_at IS NOT NULL OR c.revoked_at IS NOT NULL
               OR NOT EXISTS (SELECT 1 FROM register_entries e
                               WHERE e.interpreter_id = c.interpreter_id AND e.status = 'active'))
        ORDER BY c.id`,
    );
    const cards: StatusListPayload['cards'] = {};
    for (const row of rows) {
      const { status } = cardStatus(cardFacts(row), now, row.expires_at);
      if (status !== 'valid' && status !== 'expired') cards[row.id] = status;
    }
    const iat = Math.floor(now.getTime() / 1000);
    const jws = signStatusList({ iat, exp: iat + 86_400, cards }, ring.signer);
    this.cached = { at: now.getTime(), ring, jws };
    return jws;
  }
}
