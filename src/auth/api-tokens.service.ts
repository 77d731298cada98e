import { randomBytes } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/actor.js';
import { DomainError } from '../common/problem.js';
import { ApiTokensRepository, type TokenRow } from './api-tokens.repository.js';
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

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Tokens belong to a signed-in user; the token routes let nobody else through. */
function ownerOf(actor: Actor): string {
  if (actor.userId === null) throw new Error('API tokens belong to a signed-in user');
  return actor.userId;
}

/**
 * Personal API tokens for programs acting for a staff member. The token is
 * shown once; only its SHA-256 is stored. A token carries its owner's roles
 * as they are at each request, and dies at expiry or revocation.
 */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: ApiTokensRepository,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async create(
    actor: Actor,
    name: string,
    days: number,
  ): Promise<ApiTokenInfo & { token: string }> {
    const userId = ownerOf(actor);
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    return this.dataSource.transaction(async (em) => {
      // One token at a time per user, so two requests cannot both pass the limit.
      await this.users.lock(em, userId);
      if ((await this.tokens.countActive(em, userId)) >= MAX_ACTIVE_TOKENS) {
        throw new DomainError(
          'TOO_MANY_TOKENS',
          `At most ${MAX_ACTIVE_TOKENS} active tokens; revoke one first.`,
          HttpStatus.CONFLICT,
        );
      }
      const row = await this.tokens.insert(em, { userId, name, tokenHash: hashToken(token), days });
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
    return (await this.tokens.ofUser(userId)).map((r) => this.info(r));
  }

  /** Revokes one of the user's own tokens; someone else's token is "not found". */
  async revoke(actor: Actor, tokenId: string): Promise<void> {
    const userId = ownerOf(actor);
    await this.dataSource.transaction(async (em) => {
      if (!(await this.tokens.revoke(em, tokenId, userId))) {
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
    const userId = await this.tokens.use(hashToken(token));
    return userId === undefined ? null : this.users.load(userId);
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
