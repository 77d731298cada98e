import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import {
  type AppConfig,
  type DatabaseConfig,
  type ReportsConfig,
  reportsConfig,
} from '../config/configuration.js';
import { open, rekey, seal, sealedHeader, sealedKeyId } from './sealed-box.js';
import { loadSealingKeys, type SealingKeyRing } from './sealing-keys.js';

/** Injection token of the SealingKeyRing. */
export const SEALING_KEY_RING = Symbol('SEALING_KEY_RING');

/**
 * Encryption at rest for report data (#11): seals values before they are
 * written and opens them after they are read, each bound to its place
 * (`aadFor('reports', id, 'text')`). The keys are loaded once at start-up.
 */
@Injectable()
export class SealingService {
  constructor(@Inject(SEALING_KEY_RING) private readonly ring: SealingKeyRing) {}

  seal(plaintext: Buffer | string, aad: string): Buffer {
    return seal(this.ring, plaintext, aad);
  }

  open(sealed: Buffer, aad: string): Buffer {
    return open(this.ring, sealed, aad);
  }

  /** {@link open}, as UTF-8 text. */
  openText(sealed: Buffer, aad: string): string {
    return open(this.ring, sealed, aad).toString('utf8');
  }

  /** Re-sealed under the current key; the same buffer if it already is. */
  rekey(sealed: Buffer, aad: string): Buffer {
    return rekey(this.ring, sealed, aad);
  }

  /** Whether a value is sealed under an older key and should be re-sealed. */
  needsRekey(sealed: Buffer): boolean {
    return sealedKeyId(sealed) !== this.ring.current.kid;
  }

  /** The key new values are sealed with. */
  get currentKeyId(): string {
    return this.ring.current.kid;
  }

  /** Every configured key id, the current one first. */
  get keyIds(): string[] {
    return this.ring.keys.map((k) => k.kid);
  }

  /** The header a value sealed under the current key starts with (for finding the others in SQL). */
  get currentHeader(): Buffer {
    return sealedHeader(this.ring.current.kid);
  }
}

/** Global: reports, their messages and attachments all seal with the same keys. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(reportsConfig)],
  providers: [
    {
      provide: SEALING_KEY_RING,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        loadSealingKeys({
          configured: config.getOrThrow<ReportsConfig>('reports').keys,
          dataDir: config.getOrThrow<DatabaseConfig>('database').dataDir,
          production: config.getOrThrow<AppConfig>('app').env === 'production',
        }),
    },
    SealingService,
  ],
  exports: [SealingService],
})
export class SealingModule {}
