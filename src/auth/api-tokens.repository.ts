import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '../database/returning.js';

export interface TokenRow {
  id: string;
  name: string;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const TOKEN_COLUMNS = 'id, name, created_at, expires_at, last_used_at, revoked_at';

/** The only code that reads or writes api_tokens. Tokens are stored by their SHA-256. */
@Injectable()
export class ApiTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  async countActive(em: EntityManager, userId: string): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await em.query(
      `SELECT count(*)::int AS n FROM api_tokens
        WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [userId],
    );
    return n;
  }

  async insert(
    em: EntityManager,
    token: { userId: string; name: string; tokenHash: string; days: number },
  ): Promise<TokenRow> {
    const [row]: TokenRow[] = await em.query(
      `INSERT INTO api_tokens (user_id, name, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(days => $4))
       RETURNING ${TOKEN_COLUMNS}`,
      [token.userId, token.name, token.tokenHash, token.days],
    );
    return row;
  }

  /** The user's tokens, revoked and expired ones included, newest first. */
  ofUser(userId: string): Promise<TokenRow[]> {
    return this.dataSource.query(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC`,
      [userId],
    );
  }

  /** Revokes one of the user's active tokens; false when they have no such token. */
  async revoke(em: EntityManager, tokenId: string, userId: string): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await em.query(
        `UPDATE api_tokens SET revoked_at = now()
          WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id`,
        [tokenId, userId],
      ),
    );
    return rows.length > 0;
  }

  /** The owner of a token that is neither revoked nor expired, noting its use. */
  async use(tokenHash: string): Promise<string | undefined> {
    const [row] = returnedRows<{ user_id: string }>(
      await this.dataSource.query(
        `UPDATE api_tokens SET last_used_at = now()
          WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
          RETURNING user_id`,
        [tokenHash],
      ),
    );
    return row?.user_id;
  }
}
