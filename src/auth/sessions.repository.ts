import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '../database/returning.js';

export interface LiveSessionRow {
  id_hash: string;
  user_id: string;
  last_seen_at: Date;
}

export interface SessionHistoryRow {
  provider: string;
  acr: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
}

/** The only code that reads or writes sessions. Sessions are stored by the SHA-256 of their id. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    em: EntityManager,
    session: { idHash: string; userId: string; provider: string; acr: string | null },
    absoluteHours: number,
  ): Promise<void> {
    await em.query(
      `INSERT INTO sessions (id_hash, user_id, provider, acr, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))`,
      [session.idHash, session.userId, session.provider, session.acr, absoluteHours],
    );
  }

  /** The session if it is neither ended, past its absolute timeout, nor idle too long. */
  async live(idHash: string, idleMinutes: number): Promise<LiveSessionRow | undefined> {
    const [row]: LiveSessionRow[] = await this.dataSource.query(
      `SELECT id_hash, user_id, last_seen_at FROM sessions
        WHERE id_hash = $1 AND ended_at IS NULL AND expires_at > now()
          AND last_seen_at > now() - make_interval(mins => $2)`,
      [idHash, idleMinutes],
    );
    return row;
  }

  async touch(idHash: string): Promise<void> {
    await this.dataSource.query(`UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1`, [
      idHash,
    ]);
  }

  /** Ends a live session; the user it belonged to, or undefined if it was not live. */
  async end(em: EntityManager, idHash: string): Promise<string | undefined> {
    const [row] = returnedRows<{ user_id: string }>(
      await em.query(
        `UPDATE sessions SET ended_at = now() WHERE id_hash = $1 AND ended_at IS NULL RETURNING user_id`,
        [idHash],
      ),
    );
    return row?.user_id;
  }

  /** Deletes sessions that can never be used again; how many. */
  async purge(idleMinutes: number): Promise<number> {
    return returnedRows<unknown>(
      await this.dataSource.query(
        `DELETE FROM sessions
          WHERE ended_at IS NOT NULL OR expires_at <= now()
             OR last_seen_at <= now() - make_interval(mins => $1)
         RETURNING 1`,
        [idleMinutes],
      ),
    ).length;
  }

  /** A user's sessions still held (times and provider only; never the id or its hash). */
  ofUser(userId: string): Promise<SessionHistoryRow[]> {
    return this.dataSource.query(
      `SELECT provider, acr, created_at, last_seen_at, expires_at, ended_at FROM sessions
        WHERE user_id = $1 ORDER BY created_at DESC`,
      [userId],
    );
  }
}
