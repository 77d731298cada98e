import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { REPORTER } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import type { ProblemFieldError } from '../common/problem.js';
import { InterpretersService } from '../interpreters/interpreters.service.js';
import { LanguagesService } from '../languages/languages.service.js';
import { aadFor } from '../sealing/sealed-box.js';
import { SealingService } from '../sealing/sealing.module.js';
import type { AcceptedUpload } from '../uploads/intake.js';
import { UploadsService } from '../uploads/uploads.service.js';
import { isCalendarDate, osloDate } from './calendar-date.js';
import { ACKNOWLEDGE_WITHIN_DAYS, reportDeadlines } from './deadlines.js';
import { IntakeRepository, type ReporterAttachmentRow } from './intake.repository.js';
import {
  formatReceiptCode,
  newReceiptCode,
  parseReceiptCode,
  receiptIndex,
} from './receipt-code.js';
import { ReceiptGate } from './receipt-gate.js';
import { ReceiptHasher } from './receipt-hasher.js';
import { RECEIPT_PEPPER } from './receipt-pepper.js';
import {
  REPORT_DUTIES,
  REPORT_OUTCOMES,
  type ReportContent,
  type ReportDuty,
  type ReporterIdentity,
  type ReportOutcome,
  type ReportStatus,
} from './report-types.js';
import {
  InvalidReportError,
  ReceiptCodeUnknownError,
  ReportAttachmentNotFoundError,
  ReporterSessionEndedError,
} from './reports.errors.js';
import { ReportsClock } from './reports-clock.js';

/** A report's account and a reporter's message: 1 to 20 000 characters after trimming. */
export const MAX_REPORT_TEXT = 20_000;
/**
 * A report form's text field in bytes: 20 000 characters of any script (up to
 * 4 bytes each in UTF-8), so that "too long" is the service's error summary,
 * with what was typed kept, and not the multipart gate's 413.
 */
export const REPORT_FIELD_BYTES = 4 * MAX_REPORT_TEXT + 1024;
/** Files with a report, or with one message. */
export const MAX_REPORT_FILES = 5;
/** A short free-text field (a place, a public body, a name). */
export const MAX_SHORT_TEXT = 200;
/** How long a reporter's session lasts without use. */
export const REPORTER_SESSION_MINUTES = 30;
/** A reporter session ends this long after the code was typed, however much it is used. */
export const REPORTER_SESSION_MAX_MINUTES = 120;

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PHONE = /^\+?[0-9 ]{8,19}$/;

/** A report as someone sends it (the API's body, or the page's form). */
export interface NewReport {
  interpreterNumber?: number | null;
  interpreterName?: string | null;
  languageCode?: string | null;
  happenedOn?: string | null;
  place?: string | null;
  publicBody?: string | null;
  duties: ReportDuty[];
  text: string;
  anonymous: boolean;
  reporter?: {
    name: string;
    email?: string | null;
    phone?: string | null;
    organisation?: string | null;
  } | null;
}

/** A file as it came in a form: checked (type, metadata) before anything is written. */
export interface ReporterFile {
  bytes: Buffer;
  clientName: string;
}

/** What the reporter is given once: the code is never stored in clear and never shown again. */
export interface SubmittedReport {
  caseNumber: string;
  /** "1234 5678 9012 3456". */
  receiptCode: string;
  acknowledgeBy: string;
  feedbackBy: string;
}

export interface ReporterAttachment {
  id: string;
  name: string;
  mediaType: string;
  byteSize: number;
}

/** The reporter's view of their case: the reporter channel and the steps they are shown, nothing else. */
export interface ReporterView {
  caseNumber: string;
  status: ReportStatus;
  receivedAt: string;
  acknowledgedAt: string | null;
  acknowledgeBy: string;
  feedbackBy: string;
  /** What they reported, as they reported it, and the files they sent with it. */
  report: {
    text: string;
    happenedOn: string | null;
    place: string | null;
    publicBody: string | null;
    duties: ReportDuty[];
    attachments: ReporterAttachment[];
  };
  messages: Array<{
    from: 'reporter' | 'directorate';
    text: string;
    at: string;
    attachments: ReporterAttachment[];
  }>;
  events: Array<{ kind: string; at: string }>;
}

/** How a reporter is known: by the receipt code (with the client's gate key), or by a session. */
export type ReporterKey = { code: string; client: string } | { session: string };

export interface ReportStatistics {
  /** Newest year first. */
  years: Array<{
    year: number;
    received: number;
    byDuty: Record<ReportDuty, number>;
    outcomes: Record<ReportOutcome, number>;
    closed: number;
    /** Median days from received to closed, of the cases closed; null when none are. */
    medianHandlingDays: number | null;
    /** Of the reports whose 7 days have passed (or that were acknowledged): how many in time. */
    acknowledgedWithin7Days: { due: number; inTime: number; share: number | null };
  }>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The reporter's side of reports about interpreters (issue #11): a report
 * from anyone (anonymous by default), its receipt code shown once, and the
 * follow-up with that code alone: reading the reporter channel, answering,
 * adding files. Everything a person wrote is sealed before it is written;
 * an anonymous report stores nothing about its sender; the audit trail gets
 * the case number only, with the REPORTER actor (no address, no user).
 */
@Injectable()
export class ReportIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: IntakeRepository,
    private readonly sealing: SealingService,
    private readonly uploads: UploadsService,
    private readonly interpreters: InterpretersService,
    private readonly languages: LanguagesService,
    private readonly audit: AuditService,
    private readonly clock: ReportsClock,
    private readonly hasher: ReceiptHasher,
    private readonly gate: ReceiptGate,
    @Inject(RECEIPT_PEPPER) private readonly pepper: Buffer,
  ) {}

  /**
   * Receives a report. Checks everything first (400 INVALID_REPORT naming
   * each field, or the upload's own problem), then writes the report, its
   * files, its first event, its statistics row and the audit event in one
   * transaction. `client` is the gate's key of the sender (reports per client
   * are limited), never stored.
   */
  async submit(input: NewReport, files: ReporterFile[], client: string): Promise<SubmittedReport> {
    const slot = this.gate.submission(client);
    try {
      const problems = await this.check(input, files);
      if (problems.length > 0) throw new InvalidReportError(problems);
      const accepted = await this.inspect(files);
      const interpreterId =
        input.interpreterNumber != null
          ? ((await this.interpreters.idByNumber(input.interpreterNumber)) ?? null)
          : null;

      const code = newReceiptCode();
      const receiptHash = await this.hasher.hash(code);
      const receivedAt = this.clock.now();
      const deadlines = reportDeadlines(receivedAt);
      const id = randomUUID();
      const content: ReportContent = {
        text: input.text.trim(),
        happenedOn: input.happenedOn || null,
        place: clean(input.place),
        publicBody: clean(input.publicBody),
        interpreterNumber: input.interpreterNumber ?? null,
        interpreterName: clean(input.interpreterName),
        languageCode: input.languageCode || null,
      };
      const identity: ReporterIdentity | null = input.anonymous
        ? null
        : {
            name: input.reporter!.name.trim(),
            email: clean(input.reporter!.email),
            phone: clean(input.reporter!.phone),
            organisation: clean(input.reporter!.organisation),
          };
      const duties = [...new Set(input.duties)];

      const caseNumber = await this.dataSource.transaction(async (em) => {
        const serial = await this.repo.nextCaseSerial(em);
        const caseNumber = `VAR-${deadlines.receivedOn.slice(0, 4)}-${String(serial).padStart(4, '0')}`;
        await this.repo.insertReport(em, {
          id,
          caseNumber,
          receiptIndex: receiptIndex(code, this.pepper),
          receiptHash,
          anonymous: identity === null,
          reporterSealed: identity && this.sealJson(identity, 'reports', id, 'reporter_sealed'),
          contentSealed: this.sealJson(content, 'reports', id, 'content_sealed'),
          duties,
          interpreterId,
          receivedAt,
          acknowledgeBy: deadlines.acknowledgeBy,
          feedbackBy: deadlines.feedbackBy,
        });
        await this.repo.insertEvent(em, id, 'received', receivedAt, true);
        await this.repo.insertFacts(em, id, deadlines.receivedOn, duties);
        await this.storeFiles(em, id, null, accepted, receivedAt);
        await this.audit.record(em, REPORTER, {
          action: 'report.received',
          subjectType: 'report',
          subjectId: id,
          details: { caseNumber },
        });
        return caseNumber;
      });
      return {
        caseNumber,
        receiptCode: formatReceiptCode(code),
        acknowledgeBy: deadlines.acknowledgeBy,
        feedbackBy: deadlines.feedbackBy,
      };
    } catch (error) {
      slot.release();
      throw error;
    }
  }

  /**
   * Checks a receipt code and opens a reporter session for it: a random
   * token for the cookie (only its SHA-256 is stored) that lasts
   * REPORTER_SESSION_MINUTES from its last use and never more than
   * REPORTER_SESSION_MAX_MINUTES from now.
   */
  async signIn(code: string, client: string): Promise<{ token: string; caseNumber: string }> {
    const reportId = await this.reportByCode(code, client);
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const caseNumber = await this.dataSource.transaction(async (em) => {
      await this.repo.insertSession(
        em,
        sha256(token),
        reportId,
        this.sessionEnd(now),
        new Date(now.getTime() + REPORTER_SESSION_MAX_MINUTES * 60_000),
      );
      return this.repo.touchReporter(em, reportId, now);
    });
    if (caseNumber === undefined) throw new ReceiptCodeUnknownError();
    return { token, caseNumber };
  }

  /** Ends a reporter session (signing out); an unknown token is simply nothing to end. */
  async signOut(session: string): Promise<void> {
    await this.repo.deleteSession(sha256(session));
  }

  /** The reporter's view of their case; the reporter's use of their code is noted (receipt access runs on). */
  async view(key: ReporterKey): Promise<ReporterView> {
    const reportId = await this.reportOf(key);
    return this.dataSource.transaction(async (em) => {
      await this.repo.touchReporter(em, reportId, this.clock.now());
      const row = await this.repo.reporterReport(em, reportId);
      if (!row) throw new ReceiptCodeUnknownError();
      const content = JSON.parse(
        this.sealing.openText(row.content_sealed, aadFor('reports', row.id, 'content_sealed')),
      ) as ReportContent;
      const files = await this.repo.reporterAttachments(em, reportId);
      const filesOf = (messageId: string | null) =>
        files.filter((f) => f.message_id === messageId).map((f) => this.attachmentLink(f));
      const messages = await this.repo.reporterMessages(em, reportId);
      const events = await this.repo.reporterEvents(em, reportId);
      return {
        caseNumber: row.case_number,
        status: row.status,
        receivedAt: row.received_at.toISOString(),
        acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
        acknowledgeBy: row.acknowledge_by,
        feedbackBy: row.feedback_by,
        report: {
          text: content.text,
          happenedOn: content.happenedOn,
          place: content.place,
          publicBody: content.publicBody,
          duties: row.duties,
          attachments: filesOf(null),
        },
        messages: messages.map((m) => ({
          from: m.author === 'reporter' ? ('reporter' as const) : ('directorate' as const),
          text: this.sealing.openText(
            m.body_sealed,
            aadFor('report_messages', m.id, 'body_sealed'),
          ),
          at: m.created_at.toISOString(),
          attachments: filesOf(m.id),
        })),
        events: events.map((e) => ({ kind: e.kind, at: e.at.toISOString() })),
      };
    });
  }

  /**
   * A message from the reporter in the reporter channel, with up to five
   * files: text 1 to 20 000 characters (may be empty when files come with it).
   */
  async write(key: ReporterKey, text: string, files: ReporterFile[]): Promise<void> {
    const body = text.trim();
    const problems: ProblemFieldError[] = [];
    if (body.length === 0 && files.length === 0)
      problems.push({ field: 'text', message: 'required' });
    if (body.length > MAX_REPORT_TEXT) problems.push({ field: 'text', message: 'too long' });
    if (files.length > MAX_REPORT_FILES)
      problems.push({ field: 'attachments', message: 'too many' });
    if (problems.length > 0) throw new InvalidReportError(problems);
    const reportId = await this.reportOf(key);
    const accepted = await this.inspect(files);
    const now = this.clock.now();
    await this.dataSource.transaction(async (em) => {
      const caseNumber = await this.repo.touchReporter(em, reportId, now);
      if (caseNumber === undefined) throw new ReceiptCodeUnknownError();
      const messageId = randomUUID();
      await this.repo.insertReporterMessage(em, {
        id: messageId,
        reportId,
        bodySealed: this.sealing.seal(body, aadFor('report_messages', messageId, 'body_sealed')),
        createdAt: now,
      });
      await this.storeFiles(em, reportId, messageId, accepted, now);
      await this.repo.insertEvent(em, reportId, 'reporter_wrote', now, false);
      await this.audit.record(em, REPORTER, {
        action: 'report.reporter_wrote',
        subjectType: 'report',
        subjectId: reportId,
        details: { caseNumber, attachments: accepted.length },
      });
    });
  }

  /** One file of the reporter channel of the reporter's own report, opened; 404 for anything else. */
  async attachment(
    key: ReporterKey,
    id: string,
  ): Promise<{ name: string; mediaType: string; bytes: Buffer }> {
    const reportId = await this.reportOf(key);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      throw new ReportAttachmentNotFoundError();
    }
    const row = await this.repo.reporterAttachment(reportId, id);
    if (!row) throw new ReportAttachmentNotFoundError();
    return {
      name: this.attachmentLink(row).name,
      mediaType: row.media_type,
      bytes: this.sealing.open(
        row.data_sealed,
        aadFor('report_attachments', row.id, 'data_sealed'),
      ),
    };
  }

  /** The public statistics, from `report_facts` alone (no personal data). */
  async statistics(): Promise<ReportStatistics> {
    const today = osloDate(this.clock.now());
    const [years, duties, outcomes] = [
      await this.repo.statisticsByYear(today, ACKNOWLEDGE_WITHIN_DAYS),
      await this.repo.dutiesByYear(),
      await this.repo.outcomesByYear(),
    ];
    return {
      years: years.map((y) => {
        const byDuty = Object.fromEntries(REPORT_DUTIES.map((d) => [d, 0])) as Record<
          ReportDuty,
          number
        >;
        for (const d of duties) if (d.year === y.year) byDuty[d.key as ReportDuty] = d.n;
        const byOutcome = Object.fromEntries(REPORT_OUTCOMES.map((o) => [o, 0])) as Record<
          ReportOutcome,
          number
        >;
        for (const o of outcomes) if (o.year === y.year) byOutcome[o.key] = o.n;
        return {
          year: y.year,
          received: y.received,
          byDuty,
          outcomes: byOutcome,
          closed: y.closed,
          medianHandlingDays: y.median_days === null ? null : Number(y.median_days),
          acknowledgedWithin7Days: {
            due: y.acknowledgement_due,
            inTime: y.acknowledged_in_time,
            share:
              y.acknowledgement_due === 0 ? null : y.acknowledged_in_time / y.acknowledgement_due,
          },
        };
      }),
    };
  }

  // ---- helpers ---------------------------------------------------------------

  /**
   * The report a receipt code opens. The order is the promise: a malformed
   * code is refused (400) before the gate counts anything (it cannot be a
   * guess); then the gate (429 while locked, even for a right code); then the
   * index, and one argon2id verify whether or not it found a report, so a
   * missing report and a wrong code cost the same and answer the same 404.
   */
  private async reportByCode(code: string, client: string): Promise<string> {
    const digits = parseReceiptCode(code);
    const attempt = this.gate.attempt(client);
    let found: { id: string; receipt_hash: string } | undefined;
    try {
      found = await this.repo.byReceiptIndex(receiptIndex(digits, this.pepper));
    } catch (error) {
      attempt.failed();
      throw error;
    }
    const right = found
      ? await this.hasher.verify(digits, found.receipt_hash)
      : await this.hasher.dummyVerify(digits);
    if (!right || !found) {
      attempt.failed();
      throw new ReceiptCodeUnknownError();
    }
    attempt.succeeded();
    return found.id;
  }

  private async reportOf(key: ReporterKey): Promise<string> {
    if ('code' in key) return this.reportByCode(key.code, key.client);
    const now = this.clock.now();
    const reportId = key.session
      ? await this.repo.useSession(sha256(key.session), now, this.sessionEnd(now))
      : undefined;
    if (!reportId) throw new ReporterSessionEndedError();
    return reportId;
  }

  private sessionEnd(now: Date): Date {
    return new Date(now.getTime() + REPORTER_SESSION_MINUTES * 60_000);
  }

  /** The rules a report must keep, field by field (the DTO has checked the shapes). */
  private async check(input: NewReport, files: ReporterFile[]): Promise<ProblemFieldError[]> {
    const problems: ProblemFieldError[] = [];
    const text = (input.text ?? '').trim();
    if (text.length === 0) problems.push({ field: 'text', message: 'required' });
    else if (text.length > MAX_REPORT_TEXT) problems.push({ field: 'text', message: 'too long' });
    const duties = input.duties ?? [];
    if (duties.length === 0) problems.push({ field: 'duties', message: 'required' });
    else if (duties.some((d) => !(REPORT_DUTIES as readonly string[]).includes(d)))
      problems.push({ field: 'duties', message: 'unknown duty' });

    const number = input.interpreterNumber ?? null;
    const name = clean(input.interpreterName);
    if (number === null && name === null)
      problems.push({ field: 'interpreterNumber', message: 'number or name required' });
    if (number !== null) {
      if (!Number.isSafeInteger(number) || number < 1) {
        problems.push({ field: 'interpreterNumber', message: 'unknown interpreter number' });
      } else if ((await this.interpreters.idByNumber(number)) === undefined) {
        problems.push({ field: 'interpreterNumber', message: 'unknown interpreter number' });
      }
    }
    if (name !== null && name.length > MAX_SHORT_TEXT)
      problems.push({ field: 'interpreterName', message: 'too long' });
    if (input.languageCode && !(await this.languages.exists(input.languageCode)))
      problems.push({ field: 'languageCode', message: 'unknown language' });

    if (input.happenedOn) {
      if (!isCalendarDate(input.happenedOn))
        problems.push({ field: 'happenedOn', message: 'not a date' });
      else if (input.happenedOn > osloDate(this.clock.now()))
        problems.push({ field: 'happenedOn', message: 'in the future' });
      else if (input.happenedOn < '1900-01-01')
        problems.push({ field: 'happenedOn', message: 'not a date' });
    }
    for (const field of ['place', 'publicBody'] as const) {
      if ((clean(input[field])?.length ?? 0) > MAX_SHORT_TEXT)
        problems.push({ field, message: 'too long' });
    }

    const reporter = input.reporter ?? null;
    if (input.anonymous) {
      if (reporter && (clean(reporter.name) || clean(reporter.email) || clean(reporter.phone)))
        problems.push({ field: 'reporter.name', message: 'anonymous with a name' });
    } else {
      const reporterName = clean(reporter?.name);
      if (!reporterName) problems.push({ field: 'reporter.name', message: 'required' });
      else if (reporterName.length > MAX_SHORT_TEXT)
        problems.push({ field: 'reporter.name', message: 'too long' });
      const email = clean(reporter?.email);
      const phone = clean(reporter?.phone);
      if (!email && !phone)
        problems.push({ field: 'reporter.email', message: 'email or phone required' });
      if (email && (email.length > 254 || !EMAIL.test(email)))
        problems.push({ field: 'reporter.email', message: 'invalid email' });
      if (phone && !PHONE.test(phone))
        problems.push({ field: 'reporter.phone', message: 'invalid phone' });
      if ((clean(reporter?.organisation)?.length ?? 0) > MAX_SHORT_TEXT)
        problems.push({ field: 'reporter.organisation', message: 'too long' });
    }
    if (files.length > MAX_REPORT_FILES)
      problems.push({ field: 'attachments', message: 'too many' });
    return problems;
  }

  /** Every file through intake (type from the bytes, images re-encoded without metadata). */
  private async inspect(files: ReporterFile[]): Promise<AcceptedUpload[]> {
    const accepted: AcceptedUpload[] = [];
    for (const file of files) {
      accepted.push(await this.uploads.inspect(file.bytes, 'attachment', file.clientName));
    }
    return accepted;
  }

  private async storeFiles(
    em: EntityManager,
    reportId: string,
    messageId: string | null,
    files: AcceptedUpload[],
    at: Date,
  ): Promise<void> {
    for (const file of files) {
      const id = randomUUID();
      await this.repo.insertAttachment(em, {
        id,
        reportId,
        messageId,
        nameSealed: this.sealing.seal(
          file.displayName,
          aadFor('report_attachments', id, 'name_sealed'),
        ),
        mediaType: file.mediaType,
        sizeBytes: file.byteSize,
        dataSealed: this.sealing.seal(file.bytes, aadFor('report_attachments', id, 'data_sealed')),
        createdAt: at,
      });
    }
  }

  private attachmentLink(row: ReporterAttachmentRow): ReporterAttachment {
    return {
      id: row.id,
      name: this.sealing.openText(
        row.name_sealed,
        aadFor('report_attachments', row.id, 'name_sealed'),
      ),
      mediaType: row.media_type,
      byteSize: row.size_bytes,
    };
  }

  private sealJson(value: unknown, table: string, id: string, column: string): Buffer {
    return this.sealing.seal(JSON.stringify(value), aadFor(table, id, column));
  }
}

function clean(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}
