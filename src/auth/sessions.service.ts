import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import type { AuthConfig } from '../config/configuration.js';
import { SessionsRepository } from './sessions.repository.js';
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
    private readonly sessions: SessionsRepository,
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
    await this.sessions.insert(
      em,
      { idHash: hashToken(token), userId, provider, acr },
      this.settings.sessionAbsoluteHours,
    );
    return token;
  }

  /** The signed-in user for a session cookie, or null when it is unknown, ended or timed out. */
  async resolve(token: string | undefined): Promise<SignedInUser | null> {
    if (!token || token.length > 100) return null;
    const row = await this.sessions.live(hashToken(token), this.settings.sessionIdleMinutes);
    if (!row) return null;
    if (Date.now() - new Date(row.last_seen_at).getTime() > TOUCH_AFTER_MS) {
      await this.sessions.touch(row.id_hash);
    }
    return this.users.load(row.user_id);
  }

  /** Ends the session; the same cookie never works again. Returns the user it belonged to. */
  async end(em: EntityManager, token: string | undefined): Promise<string | null> {
    if (!token) return null;
    return (await this.sessions.end(em, hashToken(token))) ?? null;
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

  /**
   * The user's sessions the register still holds (ended ones are purged
   * within minutes): times and provider, never a token or its hash.
   */
  async historyOf(userId: string) {
    return (await this.sessions.ofUser(userId)).map((r) => ({
      provider: r.provider,
      assuranceLevel: r.acr,
      startedAt: r.created_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      endedAt: r.ended_at?.toISOString() ?? null,
    }));
  }
}
