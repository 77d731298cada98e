import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returnedRows } from '../database/returning.js';

export interface PendingLoginRow {
  nonce: string;
  code_verifier: string;
  return_to: string;
}

/** The only code that reads or writes login_attempts (pending logins, keyed by the state's SHA-256). */
@Injectable()
export class LoginAttemptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(attempt: {
    stateHash: string;
    provider: string;
    nonce: string;
    codeVerifier: string;
    returnTo: string;
  }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO login_attempts (state_hash, provider, nonce, code_verifier, return_to)
       VALUES ($1, $2, $3, $4, $5)`,
      [attempt.stateHash, attempt.provider, attempt.nonce, attempt.codeVerifier, attempt.returnTo],
    );
  }

  /**
   * Uses up a pending login in one statement, so a replayed callback finds
   * nothing; undefined when it is unknown, used or older than `ttlMinutes`.
   */
  async consume(
    stateHash: string,
    provider: string,
    ttlMinutes: number,
  ): Promise<PendingLoginRow | undefined> {
    const [row] = returnedRows<PendingLoginRow>(
      await this.dataSource.query(
        `UPDATE login_attempts SET consumed_at = now()
          WHERE state_hash = $1 AND provider = $2 AND consumed_at IS NULL
            AND created_at > now() - make_interval(mins => $3)
        RETURNING nonce, code_verifier, return_to`,
        [stateHash, provider, ttlMinutes],
      ),
    );
    return row;
  }

  /** Deletes login attempts that were used or are older than `ttlMinutes`; how many. */
  async purge(ttlMinutes: number): Promise<number> {
    return returnedRows<unknown>(
      await this.dataSource.query(
        `DELETE FROM login_attempts
          WHERE consumed_at IS NOT NULL OR created_at <= now() - make_interval(mins => $1)
         RETURNING 1`,
        [ttlMinutes],
      ),
    ).length;
  }
}
