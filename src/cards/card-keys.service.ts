import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import type { PublicCardJwk } from './card-keys.js';
import { CardKeysRepository } from './card-keys.repository.js';
import { CardKeyStore } from './card-key-store.js';

/** The card keys as others see them: published for verifiers, retired on every node. */
@Injectable()
export class CardKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly retirements: CardKeysRepository,
    private readonly keys: CardKeyStore,
    private readonly audit: AuditService,
  ) {}

  /** The public keys in force, for /.well-known/jwks.json. */
  async jwks(): Promise<{ keys: PublicCardJwk[] }> {
    return (await this.keys.ring()).jwks();
  }

  /**
   * Records a key's retirement for every node: each stops accepting and
   * publishing it within KEY_REFRESH_MS. False if it was retired already.
   */
  async retireKey(kid: string, actor: Actor): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      if (!(await this.retirements.retire(em, kid))) return false;
      await this.audit.record(em, actor, {
        action: 'cards.key_retired',
        subjectType: 'card_key',
        subjectId: kid,
      });
      return true;
    });
  }
}
