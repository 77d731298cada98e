import { randomBytes } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/actor.js';
import { DomainError } from '../common/problem.js';
import { returnedRows } from '../database/returning.js';
import { hashToken } from './sessions.service.js';
import { UsersService, type SignedInUser } from './users.service.js';

export interface ApiTokenInfo {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revoked: boolean;
}

const TOKEN_PREFIX = 'trk_';
const MAX_ACTIVE_TOKENS = 20;

interface TokenRow {
  id: string;
  name: string;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * Personal API tokens for programs acting for a staff member. The token is
 * shown once; only its SHA-256 is stored. A token carries its owner's roles
 * as they are at each request, and dies at expiry or revocation.
 */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async create(
    actor: Actor,
    name: string,
    days: number,
  ): Promise<ApiTokenInfo & { token: string }> {
    const userId = actor.userId;
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    return this.dataSource.transaction(async (em) => {
      await em.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [userId]);
      const [{ n }]: Array<{ n: number }> = await em.query(
        `SELECT count(*)::int AS n FROM api_tokens
          WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()`,
        [userId],
      );
      if (n >= MAX_ACTIVE_TOKENS) {
        throw new DomainError(
          'TOO_MANY_TOKENS',
          `At most ${MAX_ACTIVE_TOKENS} active tokens; revoke one first.`,
          HttpStatus.CONFLICT,
        );
      }
      const [row]: TokenRow[] = await em.query(
        `INSERT INTO api_tokens (user_id, name, token_hash, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(days => $4))
         RETURNING id, name, created_at, expires_at, last_used_at, revoked_at`,
        [userId, name, hashToken(token), days],
      );
      await this.audit.record(em, actor, {
        action: 'api_token.created',
        subjectType: 'api_token',
        subjectId: row.id,
        details: { name, days },
      });
      return { ...this.info(row), token };
    });
  }

  async list(userId: string): Promise<ApiTokenInfo[]> {
    const rows: TokenRow[] = await this.dataSource.query(
      `SELECT id, name, created_at, expires_at, last_used_at, revoked_at FROM api_tokens
        WHERE user_id = $1 ORDER BY created_at DESC`,
      [userId],
    );
    return rows.map((r) => this.info(r));
  }

  /** Revokes one of the user's own tokens; someone else's token is "not found". */
  async revoke(actor: Actor, tokenId: string): Promise<void> {
    const userId = actor.userId;
    await this.dataSource.transaction(async (em) => {
      const rows = returnedRows<{ id: string }>(
        await em.query(
          `UPDATE api_tokens SET revoked_at = now()
            WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id`,
          [tokenId, userId],
        ),
      );
      if (rows.length === 0) {
        throw new DomainError(
          'TOKEN_NOT_FOUND',
          'No active token with this id.',
          HttpStatus.NOT_FOUND,
        );
      }
      await this.audit.record(em, actor, {
        action: 'api_token.revoked',
        subjectType: 'api_token',
        subjectId: tokenId,
      });
    });
  }

  /** The user behind a bearer token, or null when it is unknown, revoked or expired. */
  async resolve(token: string): Promise<SignedInUser | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
    const rows = returnedRows<{ user_id: string }>(
      await this.dataSource.query(
        `UPDATE api_tokens SET last_used_at = now()
          WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
          RETURNING user_id`,
        [hashToken(token)],
      ),
    );
    if (rows.length === 0) return null;
    return this.users.load(this.dataSource.manager, rows[0].user_id);
  }

  private info(row: TokenRow): ApiTokenInfo {
    return {
      id: row.id,
      name: row.name,
      createdAt: iso(row.created_at)!,
      expiresAt: iso(row.expires_at)!,
      lastUsedAt: iso(row.last_used_at),
      revoked: row.revoked_at !== null,
    };
  }
}
