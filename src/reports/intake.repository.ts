import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '../database/returning.js';
import type { MessageAuthor, ReportDuty, ReportOutcome, ReportStatus } from './report-types.js';

/** A new report as the intake writes it: plain columns and sealed values only. */
export interface NewReportRow {
  id: string;
  caseNumber: string;
  receiptIndex: string;
  receiptHash: string;
  anonymous: boolean;
  reporterSealed: Buffer | null;
  contentSealed: Buffer;
  duties: ReportDuty[];
  interpreterId: string | null;
  receivedAt: Date;
  acknowledgeBy: string;
  feedbackBy: string;
}

export interface NewAttachmentRow {
  id: string;
  reportId: string;
  messageId: string | null;
  nameSealed: Buffer;
  mediaType: string;
  sizeBytes: number;
  dataSealed: Buffer;
  createdAt: Date;
}

/** What the reporter may see of their report (sealed values still sealed). */
export interface ReporterReportRow {
  id: string;
  case_number: string;
  status: ReportStatus;
  duties: ReportDuty[];
  content_sealed: Buffer;
  received_at: Date;
  acknowledged_at: Date | null;
  acknowledge_by: string;
  feedback_by: string;
}

export interface ReporterMessageRow {
  id: string;
  author: MessageAuthor;
  body_sealed: Buffer;
  created_at: Date;
}

export interface ReporterAttachmentRow {
  id: string;
  message_id: string | null;
  name_sealed: Buffer;
  media_type: string;
  size_bytes: number;
}

export interface ReporterEventRow {
  kind: string;
  at: Date;
}

export interface StatisticsYearRow {
  year: number;
  received: number;
  closed: number;
  median_days: number | null;
  acknowledged_in_time: number;
  acknowledgement_due: number;
}

export interface StatisticsCountRow {
  year: number;
  key: string;
  n: number;
}

/** The reports feature's SQL for intake (issue #11); see docs/architecture.md, "Where SQL lives". */
@Injectable()
export class IntakeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The next number of the case sequence (never reused, also when the transaction rolls back). */
  async nextCaseSerial(em: EntityManager): Promise<number> {
    const [row]: Array<{ n: string }> = await em.query(`SELECT nextval('report_case_seq') AS n`);
    return Number(row.n);
  }

  async insertReport(em: EntityManager, r: NewReportRow): Promise<void> {
    await em.query(
      `INSERT INTO reports (id, case_number, kind, receipt_index, receipt_hash, reporter_active_at,
         anonymous, reporter_sealed, content_sealed, duties, interpreter_id, status, received_at,
         acknowledge_by, feedback_by)
       VALUES ($1, $2, 'report', $3, $4, $5, $6, $7, $8, $9::report_duty[], $10, 'received', $5,
         $11, $12)`,
      [
        r.id,
        r.caseNumber,
        r.receiptIndex,
        r.receiptHash,
        r.receivedAt,
        r.anonymous,
        r.reporterSealed,
        r.contentSealed,
        r.duties,
        r.interpreterId,
        r.acknowledgeBy,
        r.feedbackBy,
      ],
    );
  }

  async insertFacts(
    em: EntityManager,
    reportId: string,
    receivedOn: string,
    duties: ReportDuty[],
  ): Promise<void> {
    await em.query(
      `INSERT INTO report_facts (report_id, received_on, duties) VALUES ($1, $2, $3::report_duty[])`,
      [reportId, receivedOn, duties],
    );
  }

  async insertEvent(
    em: EntityManager,
    reportId: string,
    kind: string,
    at: Date,
    visibleToReporter: boolean,
  ): Promise<void> {
    await em.query(
      `INSERT INTO report_events (report_id, at, kind, visible_to_reporter) VALUES ($1, $2, $3, $4)`,
      [reportId, at, kind, visibleToReporter],
    );
  }

  /** A message from the reporter, in the reporter channel. */
  async insertReporterMessage(
    em: EntityManager,
    m: { id: string; reportId: string; bodySealed: Buffer; createdAt: Date },
  ): Promise<void> {
    await em.query(
      `INSERT INTO report_messages (id, report_id, channel, author, body_sealed, created_at)
       VALUES ($1, $2, 'reporter', 'reporter', $3, $4)`,
      [m.id, m.reportId, m.bodySealed, m.createdAt],
    );
  }

  /** A file the reporter sent, in the reporter channel. */
  async insertAttachment(em: EntityManager, a: NewAttachmentRow): Promise<void> {
    await em.query(
      `INSERT INTO report_attachments (id, report_id, message_id, channel, name_sealed, media_type,
         size_bytes, data_sealed, created_at)
       VALUES ($1, $2, $3, 'reporter', $4, $5, $6, $7, $8)`,
      [
        a.id,
        a.reportId,
        a.messageId,
        a.nameSealed,
        a.mediaType,
        a.sizeBytes,
        a.dataSealed,
        a.createdAt,
      ],
    );
  }

  /** The report a receipt code's index finds, if receipt access has not ended. */
  async byReceiptIndex(index: string): Promise<{ id: string; receipt_hash: string } | undefined> {
    const [row]: Array<{ id: string; receipt_hash: string }> = await this.dataSource.query(
      `SELECT id, receipt_hash FROM reports
        WHERE receipt_index = $1 AND kind = 'report' AND receipt_hash IS NOT NULL`,
      [index],
    );
    return row;
  }

  /** The reporter used their code (read or wrote): receipt access runs on from here. */
  async touchReporter(em: EntityManager, reportId: string, at: Date): Promise<string | undefined> {
    const rows = returnedRows<{ case_number: string }>(
      await em.query(
        `UPDATE reports SET reporter_active_at = $2
          WHERE id = $1 AND receipt_index IS NOT NULL RETURNING case_number`,
        [reportId, at],
      ),
    );
    return rows[0]?.case_number;
  }

  async reporterReport(em: EntityManager, id: string): Promise<ReporterReportRow | undefined> {
    const [row]: ReporterReportRow[] = await em.query(
      `SELECT id, case_number, status, duties::text[] AS duties, content_sealed, received_at,
              acknowledged_at, acknowledge_by::text AS acknowledge_by,
              feedback_by::text AS feedback_by
         FROM reports WHERE id = $1 AND receipt_index IS NOT NULL`,
      [id],
    );
    return row;
  }

  /** The reporter channel only: what the reporter wrote and what the directorate wrote to them. */
  async reporterMessages(em: EntityManager, reportId: string): Promise<ReporterMessageRow[]> {
    return em.query(
      `SELECT id, author, body_sealed, created_at FROM report_messages
        WHERE report_id = $1 AND channel = 'reporter' ORDER BY created_at, id`,
      [reportId],
    );
  }

  /** The reporter channel's attachments only, without their bytes. */
  async reporterAttachments(em: EntityManager, reportId: string): Promise<ReporterAttachmentRow[]> {
    return em.query(
      `SELECT id, message_id, name_sealed, media_type, size_bytes FROM report_attachments
        WHERE report_id = $1 AND channel = 'reporter' ORDER BY created_at, id`,
      [reportId],
    );
  }

  /** The steps of the case the reporter is shown. */
  async reporterEvents(em: EntityManager, reportId: string): Promise<ReporterEventRow[]> {
    return em.query(
      `SELECT kind, at FROM report_events
        WHERE report_id = $1 AND visible_to_reporter ORDER BY id`,
      [reportId],
    );
  }

  /** One attachment of the reporter channel of this report, with its bytes (sealed). */
  async reporterAttachment(
    reportId: string,
    id: string,
  ): Promise<(ReporterAttachmentRow & { data_sealed: Buffer }) | undefined> {
    const [row]: Array<ReporterAttachmentRow & { data_sealed: Buffer }> =
      await this.dataSource.query(
        `SELECT id, message_id, name_sealed, media_type, size_bytes, data_sealed
           FROM report_attachments WHERE id = $1 AND report_id = $2 AND channel = 'reporter'`,
        [id, reportId],
      );
    return row;
  }

  // ---- reporter sessions ---------------------------------------------------

  async insertSession(
    em: EntityManager,
    tokenHash: string,
    reportId: string,
    expiresAt: Date,
    endsAt: Date,
  ): Promise<void> {
    await em.query(
      `INSERT INTO report_sessions (token_hash, report_id, expires_at, ends_at) VALUES ($1, $2, $3, $4)`,
      [tokenHash, reportId, expiresAt, endsAt],
    );
  }

  /**
   * The report of a live session (not expired at `now`, its report's receipt
   * access not ended), and the session runs on until `extendTo`, never past
   * its absolute end.
   */
  async useSession(tokenHash: string, now: Date, extendTo: Date): Promise<string | undefined> {
    const rows = returnedRows<{ report_id: string }>(
      await this.dataSource.query(
        `UPDATE report_sessions s SET expires_at = least($3, s.ends_at)
           FROM reports r
          WHERE s.token_hash = $1 AND s.expires_at > $2
            AND r.id = s.report_id AND r.receipt_index IS NOT NULL
        RETURNING s.report_id`,
        [tokenHash, now, extendTo],
      ),
    );
    return rows[0]?.report_id;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM report_sessions WHERE token_hash = $1`, [tokenHash]);
  }

  // ---- statistics (report_facts only: no personal data) ---------------------

  async statisticsByYear(today: string, acknowledgeDays: number): Promise<StatisticsYearRow[]> {
    return this.dataSource.query(
      `SELECT extract(year FROM received_on)::int AS year,
              count(*)::int AS received,
              count(*) FILTER (WHERE closed_on IS NOT NULL)::int AS closed,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY closed_on - received_on)
                FILTER (WHERE closed_on IS NOT NULL) AS median_days,
              count(*) FILTER (WHERE acknowledged_on IS NOT NULL
                AND acknowledged_on <= received_on + $2::int)::int AS acknowledged_in_time,
              count(*) FILTER (WHERE acknowledged_on IS NOT NULL
                OR received_on + $2::int < $1::date)::int AS acknowledgement_due
         FROM report_facts
        GROUP BY 1 ORDER BY 1 DESC`,
      [today, acknowledgeDays],
    );
  }

  async dutiesByYear(): Promise<StatisticsCountRow[]> {
    return this.dataSource.query(
      `SELECT extract(year FROM received_on)::int AS year, duty::text AS key, count(*)::int AS n
         FROM report_facts, unnest(duties) AS duty
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
  }

  async outcomesByYear(): Promise<Array<StatisticsCountRow & { key: ReportOutcome }>> {
    return this.dataSource.query(
      `SELECT extract(year FROM received_on)::int AS year, outcome::text AS key, count(*)::int AS n
         FROM report_facts WHERE outcome IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
  }
}
