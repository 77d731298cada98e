import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthConfig } from '../config/configuration.js';
import { returnedRows } from '../database/returning.js';
import { UsersService, type SignedInUser } from './users.service.js';

export const SESSION_COOKIE = 'tr_session';
/** last_seen_at is written at most this often, so reads do not become writes. */
const TOUCH_AFTER_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Server-side sessions in the database, so any number of app nodes can serve
 * them. The cookie holds a random id; the table holds only its hash. A session
 * ends at logout, after the idle timeout, or at the absolute timeout.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ConfigService,
    private readonly users: UsersService,
  ) {}

  private get settings(): AuthConfig {
    return this.config.getOrThrow<AuthConfig>('auth');
  }

  /** A new session (always a new id: no session fixation). Returns the cookie value. */
  async create(
    em: EntityManager,
    userId: string,
    provider: string,
    acr: string | null,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await em.query(
      `INSERT INTO sessions (id_hash, user_id, provider, acr, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))`,
      [hashToken(token), userId, provider, acr, this.settings.sessionAbsoluteHours],
    );
    return token;
  }

  /** The signed-in user for a session cookie, or null when it is unknown, ended or timed out. */
  async resolve(token: string | undefined): Promise<SignedInUser | null> {
    if (!token || token.length > 100) return null;
    const [row]: Array<{ id_hash: string; user_id: string; last_seen_at: Date }> =
      await this.dataSource.query(
        `SELECT id_hash, user_id, last_seen_at FROM sessions
          WHERE id_hash = $1 AND ended_at IS NULL AND expires_at > now()
            AND last_seen_at > now() - make_interval(mins => $2)`,
        [hashToken(token), this.settings.sessionIdleMinutes],
      );
    if (!row) return null;
    if (Date.now() - new Date(row.last_seen_at).getTime() > TOUCH_AFTER_MS) {
      await this.dataSource.query(`UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1`, [
        row.id_hash,
      ]);
    }
    return this.users.load(this.dataSource.manager, row.user_id);
  }

  /** Ends the session; the same cookie never works again. Returns the user it belonged to. */
  async end(em: EntityManager, token: string | undefined): Promise<string | null> {
    if (!token) return null;
    const [row] = returnedRows<{ user_id: string }>(
      await em.query(
        `UPDATE sessions SET ended_at = now() WHERE id_hash = $1 AND ended_at IS NULL RETURNING user_id`,
        [hashToken(token)],
      ),
    );
    return row?.user_id ?? null;
  }

  cookieOptions(maxAgeSeconds?: number) {
    return {
      httpOnly: true,
      secure: true,
      sameSite: 'lax' as const,
      path: '/',
      ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
    };
  }
}
