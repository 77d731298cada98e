import { stat } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import {
  CardKeyRing,
  keyFilePath,
  loadCardKeys,
  readKeyFile,
  type CardKeySource,
} from './card-keys.js';
import type { CardKeysRepository } from './card-keys.repository.js';

/**
 * How old a node's view of the card keys may get. A retirement (a row in
 * card_key_retirements, shared by every node) or a changed key file reaches
 * each running node within this time.
 */
export const KEY_REFRESH_MS = 30_000;

const kids = (ring: CardKeyRing): string => ring.keys.map((k) => k.kid).join(' ');

export interface Clock {
  now(): number;
}

/** The store's own clock, so a test can move it on without touching the rest of the app. */
export const CARD_KEYS_CLOCK = Symbol('CARD_KEYS_CLOCK');

/**
 * The card keys a node uses right now: the configured keys (CARD_SIGNING_KEYS
 * or the key file) minus the retired ones. The key file and the retirements
 * are read again when the last look is older than KEY_REFRESH_MS, by the
 * first request after that; it costs one stat and one small query per node
 * every 30 seconds, and needs no timer to stop at shutdown.
 */
export class CardKeyStore {
  private readonly logger = new Logger(CardKeyStore.name);
  /** Undefined when the keys come from CARD_SIGNING_KEYS or exist only in memory. */
  private readonly path: string | undefined;
  private configured: CardKeyRing;
  private fileVersion: string | undefined;
  private retired: ReadonlySet<string> = new Set();
  private current: CardKeyRing;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;

  constructor(
    source: CardKeySource,
    private readonly retirements: CardKeysRepository,
    private readonly clock: Clock,
  ) {
    // Missing or malformed keys stop the start-up with the reason, as before.
    this.configured = loadCardKeys(source);
    this.current = this.configured;
    this.path = source.signingKeys ? undefined : keyFilePath(source);
  }

  /** The keys in force, at most KEY_REFRESH_MS old. */
  async ring(): Promise<CardKeyRing> {
    if (this.clock.now() - this.checkedAt >= KEY_REFRESH_MS) {
      this.refreshing ??= this.refresh().finally(() => {
        this.refreshing = undefined;
      });
      await this.refreshing;
    }
    return this.current;
  }

  private async refresh(): Promise<void> {
    const configured = (await this.changedKeyFile()) ?? this.configured;
    const retired = (await this.readRetirements()) ?? this.retired;
    this.checkedAt = this.clock.now();
    this.configured = configured;
    this.retired = retired;
    const next = configured.without(retired);
    const after = kids(next);
    // An unchanged ring stays the same object, so what was signed with it stays cached.
    if (after === kids(this.current)) return;
    this.current = next;
    this.logger.log(`Card keys now in force: ${after || 'none'}.`);
    if (!this.current.keys.some((k) => k.privateKey)) {
      this.logger.error('Every card signing key is retired: no new card or code can be issued.');
    }
  }

  /** The key file's keys if it changed since the last read; undefined if not (or unreadable). */
  private async changedKeyFile(): Promise<CardKeyRing | undefined> {
    if (!this.path) return undefined;
    try {
      // The CLI replaces the file by a rename, so the inode changes even within one mtime tick.
      const { ino, size, mtimeMs } = await stat(this.path);
      const version = `${ino}:${size}:${mtimeMs}`;
      if (version === this.fileVersion) return undefined;
      const ring = CardKeyRing.fromPrivateJwks(readKeyFile(this.path));
      this.fileVersion = version;
      return ring;
    } catch (error) {
      // A half-edited file must not take the card check down: keep the keys in use.
      this.logger.error(`Card key file ${this.path} not read, keys in use kept: ${String(error)}`);
      return undefined;
    }
  }

  private async readRetirements(): Promise<ReadonlySet<string> | undefined> {
    try {
      return await this.retirements.retired();
    } catch (error) {
      // Without the database no card check can succeed anyway; the JWKS keeps its last state.
      this.logger.warn(`Card key retirements not read, last known kept: ${String(error)}`);
      return undefined;
    }
  }
}
