import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '../database/returning.js';

export type PhotoSubmissionStatus = 'pending' | 'approved' | 'refused' | 'withdrawn';

export interface PhotoSubmissionRow {
  id: string;
  interpreter_id: string;
  document_id: string;
  status: PhotoSubmissionStatus;
  submitted_by: string | null;
  submitted_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
  lang: 'nb' | 'en';
}

const COLUMNS = `id, interpreter_id, document_id, status, submitted_by, submitted_at, decided_by,
  decided_at, reason, lang`;

/** The only code that reads or writes photo_submissions (new card photos awaiting a case handler). */
@Injectable()
export class PhotoSubmissionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    em: EntityManager,
    s: { interpreterId: string; documentId: string; submittedBy: string; lang: 'nb' | 'en' },
  ): Promise<PhotoSubmissionRow> {
    const [row]: PhotoSubmissionRow[] = await em.query(
      `INSERT INTO photo_submissions (interpreter_id, document_id, submitted_by, lang)
       VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [s.interpreterId, s.documentId, s.submittedBy, s.lang],
    );
    return row;
  }

  /** Marks the person's pending submission (if any) withdrawn; the ids withdrawn. */
  async withdrawPending(em: EntityManager, interpreterId: string): Promise<string[]> {
    return returnedRows<{ id: string }>(
      await em.query(
        `UPDATE photo_submissions SET status = 'withdrawn', decided_at = now()
          WHERE interpreter_id = $1 AND status = 'pending' RETURNING id`,
        [interpreterId],
      ),
    ).map((r) => r.id);
  }

  async byId(em: EntityManager, id: string, lock = false): Promise<PhotoSubmissionRow | undefined> {
    const [row]: PhotoSubmissionRow[] = await em.query(
      `SELECT ${COLUMNS} FROM photo_submissions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async decide(
    em: EntityManager,
    id: string,
    d: { status: 'approved' | 'refused'; decidedBy: string; reason: string | null },
  ): Promise<void> {
    await em.query(
      `UPDATE photo_submissions SET status = $2, decided_by = $3, decided_at = now(), reason = $4
        WHERE id = $1 AND status = 'pending'`,
      [id, d.status, d.decidedBy, d.reason],
    );
  }

  /** Pending submissions, oldest first. */
  pending(limit: number): Promise<PhotoSubmissionRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM photo_submissions WHERE status = 'pending'
        ORDER BY submitted_at, id LIMIT $1`,
      [limit],
    );
  }

  async countPending(): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM photo_submissions WHERE status = 'pending'`,
    );
    return row.n;
  }

  /** Every submission of the person, newest first. */
  ofInterpreter(interpreterId: string): Promise<PhotoSubmissionRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM photo_submissions WHERE interpreter_id = $1
        ORDER BY submitted_at DESC, id`,
      [interpreterId],
    );
  }
}
