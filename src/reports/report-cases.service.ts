import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersService } from '../auth/users.service.js';
import { InvalidInputError, type ProblemFieldError } from '../common/problem.js';
import type { ReportsConfig } from '../config/configuration.js';
import { InterpretersService } from '../interpreters/interpreters.service.js';
import { LanguagesService } from '../languages/languages.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { NoEntriesInForceError } from '../register/register.errors.js';
import { type HeldEntry, RegisterService, type Restriction } from '../register/register.service.js';
import { aadFor } from '../sealing/sealed-box.js';
import { SealingService } from '../sealing/sealing.module.js';
import { addDays, isCalendarDate, osloDate } from './calendar-date.js';
import {
  type CaseRow,
  CasesRepository,
  type QueueRow,
  type SanctionRow,
} from './cases.repository.js';
import { dueSoon, overdue, reportDeadlines } from './deadlines.js';
import { type EscalationReason, needsExclusionReview, type SanctionKind } from './escalation.js';
import {
  AlreadyAssignedError,
  CaseClosedError,
  ConflictOfInterestError,
  InterpreterAlreadyNotifiedError,
  InterpreterNotHeardError,
  InterpreterNotIdentifiedError,
  InterpreterNotNotifiedError,
  NoReporterChannelError,
  NotAssignedError,
  NotRedactedError,
  OwnCaseError,
  IdentityNotRecordedError,
  RedactionUnchangedError,
  InterpreterSanctionedError,
  ReferralOpenError,
  ReportNotFoundError,
  ReportStateError,
  UnknownInterpreterError,
} from './report-cases.errors.js';
import type { ReportLetterData } from './report-letter.js';
import {
  conflictAad,
  type MessageChannel,
  type PublicBodyRequest,
  REPORT_OUTCOMES,
  REPORT_STATUSES,
  type ReportContent,
  type ReportDuty,
  type ReporterIdentity,
  type ReportKind,
  type ReportOutcome,
  type ReportStatus,
  type ReviewContent,
} from './report-types.js';
import { ReportsClock } from './reports-clock.js';

/** A deadline is "due soon" this many days ahead. */
export const DUE_SOON_DAYS = 7;
export const QUEUE_PAGE_SIZE = 25;
export const QUEUE_MAX_PAGE_SIZE = 100;

/** Text limits (characters), the same for the API and the pages. */
export const LIMITS = {
  message: 10_000,
  redacted: 20_000,
  reasons: 20_000,
  question: 5_000,
  statement: 2_000,
  publicBody: 200,
} as const;

const OPEN_STATUSES: readonly ReportStatus[] = [
  'received',
  'investigating',
  'with_committee',
  'decided',
];
const WORKING: readonly ReportStatus[] = ['received', 'investigating', 'with_committee'];
const INVESTIGATING: readonly ReportStatus[] = ['investigating', 'with_committee'];

export type DeadlineKind = 'acknowledge' | 'feedback' | 'interpreter_reply' | 'advice';

export interface DeadlineView {
  which: DeadlineKind;
  /** YYYY-MM-DD, the last day. */
  date: string;
  overdue: boolean;
  dueSoon: boolean;
}

export interface QueueQuery {
  /** A status, `open` (everything not closed, the default) or `all`. */
  status?: string;
  mine?: boolean;
  due?: 'overdue' | 'soon';
  page?: number;
  pageSize?: number;
}

export interface QueueItem {
  id: string;
  caseNumber: string;
  kind: ReportKind;
  receivedAt: string;
  interpreter: { id: string; interpreterNumber: number; name: string } | null;
  duties: ReportDuty[];
  status: ReportStatus;
  assignedTo: { id: string; name: string } | null;
  deadlines: DeadlineView[];
  nextDeadline: string | null;
  overdue: boolean;
  dueSoon: boolean;
  /** The reporter or the interpreter wrote last: the directorate has something to read. */
  newReply: boolean;
}

export interface QueuePage {
  items: QueueItem[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

export type CaseSummary = Pick<
  QueueItem,
  'id' | 'caseNumber' | 'kind' | 'status' | 'receivedAt' | 'duties' | 'interpreter' | 'assignedTo'
>;

export interface TakeInput {
  conflicted: boolean;
  statement?: string | null;
}

export interface MessageInput {
  channel: MessageChannel;
  text: string;
  publicBody?: string | null;
  dueOn?: string | null;
}

export interface DecisionInput {
  outcome: ReportOutcome;
  serious?: boolean;
  reasons: string;
  excludedUntil?: string | null;
  languageCode?: string | null;
  liftTemporaryExclusion?: boolean;
  /** The letter's language (the interpreter's choice, bokmål unless told). */
  letterLanguage?: 'nb' | 'en';
}

export interface EscalationView {
  review: boolean;
  reason: EscalationReason | null;
  windowStart: string;
  warnings: Array<{ decidedOn: string; caseNumber: string | null }>;
  seriousBreaches: Array<{ decidedOn: string; caseNumber: string | null }>;
}

export interface DecisionResult {
  round: number;
  outcome: ReportOutcome;
  /** The exclusion review the escalation rule opened, if it did. */
  review: {
    id: string;
    caseNumber: string;
    reason: EscalationReason;
    escalation: EscalationView;
  } | null;
}

export interface ReportCaseView {
  id: string;
  caseNumber: string;
  kind: ReportKind;
  status: ReportStatus;
  receivedAt: string;
  acknowledgedAt: string | null;
  feedbackAt: string | null;
  decidedAt: string | null;
  closedAt: string | null;
  deleteAfter: string | null;
  outcome: ReportOutcome | null;
  assignedTo: { id: string; name: string } | null;
  deadlines: DeadlineView[];
  duties: ReportDuty[];
  /** What the reporter told, as they told it (a report); null for a review. */
  content: ReportContent | null;
  /** Why the escalation rule opened this review; null for a report. */
  review: (ReviewContent & { originCaseNumber: string | null; originId: string | null }) | null;
  /** The exclusion review this case opened (the handler goes on there). */
  openedReview: { id: string; caseNumber: string } | null;
  anonymous: boolean;
  reporter: ReporterIdentity | null;
  redacted: string | null;
  interpreter: {
    id: string;
    interpreterNumber: number;
    name: string;
    entries: HeldEntry[];
    sanctions: Array<{ kind: string; decidedOn: string; caseNumber: string | null }>;
    restrictions: Restriction[];
    /** The escalation rule over their sanctions, today. */
    escalation: EscalationView;
  } | null;
  interpreterNotifiedAt: string | null;
  interpreterReplyBy: string | null;
  interpreterReplied: boolean;
  /** Told, and replied or their reply date passed: a sanction may be decided. */
  interpreterHeard: boolean;
  messages: Array<{
    id: string;
    channel: MessageChannel;
    author: string;
    authorName: string | null;
    text: string;
    publicBody: string | null;
    dueOn: string | null;
    at: string;
    attachments: AttachmentView[];
  }>;
  /** Attachments not tied to a message (sent with the report). */
  attachments: AttachmentView[];
  events: Array<{
    at: string;
    kind: string;
    by: string | null;
    visibleToReporter: boolean;
    visibleToInterpreter: boolean;
  }>;
  conflicts: Array<{
    name: string | null;
    capacity: 'case_handler' | 'committee_member';
    conflicted: boolean;
    statement: string | null;
    declaredAt: string;
  }>;
  referrals: Array<{
    id: string;
    question: string;
    adviceBy: string;
    referredAt: string;
    referredBy: string | null;
    closedAt: string | null;
    advice: Array<{ memberName: string | null; text: string; at: string }>;
  }>;
  decisions: Array<{
    round: number;
    outcome: ReportOutcome;
    serious: boolean;
    excludedUntil: string | null;
    languageCode: string | null;
    reasons: string;
    decidedAt: string;
    decidedBy: string | null;
  }>;
}

export interface AttachmentView {
  id: string;
  channel: 'reporter' | 'interpreter' | 'internal';
  name: string;
  mediaType: string;
  sizeBytes: number;
  at: string;
}

export interface OpenedAttachment {
  name: string;
  mediaType: string;
  bytes: Buffer;
}

const SANCTIONS_OF: Record<ReportOutcome, SanctionKind> = {
  no_action: 'no_action',
  guidance: 'guidance',
  warning: 'warning',
  exclusion_period: 'exclusion',
  exclusion_permanent: 'exclusion',
  revocation: 'revocation',
};

/**
 * Case handling of reports about interpreters (issue #11): the queue, taking
 * a case with a declaration of (no) conflict of interest, reading it (the
 * assigned handler only), the dialogue on every channel, the redacted
 * account, telling the interpreter, temporary exclusion, referral to the
 * advisory committee, the decision with its sanctions on the register and
 * its letter, the escalation rule's exclusion review, closing and reopening.
 *
 * Every step locks the report row, checks who and what, and writes the
 * change, its history event and its audit row (ids, case numbers and kinds
 * only, never content) in one transaction. Every text is sealed
 * (`aadFor(<table>, <row id>, <column>)`); "now" and "today" come from the
 * reports clock.
 */
@Injectable()
export class ReportCasesService {
  private readonly settings: ReportsConfig;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly sealing: SealingService,
    private readonly clock: ReportsClock,
    private readonly users: UsersService,
    private readonly interpreters: InterpretersService,
    private readonly register: RegisterService,
    private readonly languages: LanguagesService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    config: ConfigService,
  ) {
    this.settings = config.getOrThrow<ReportsConfig>('reports');
  }

  // ---- the queue ----------------------------------------------------------------

  /** The queue: no content, most urgent first. */
  async queue(actor: Actor, q: QueueQuery): Promise<QueuePage> {
    const now = this.clock.now();
    const today = osloDate(now);
    const statuses: readonly ReportStatus[] =
      q.status === undefined || q.status === 'open'
        ? OPEN_STATUSES
        : q.status === 'all'
          ? REPORT_STATUSES
          : [q.status as ReportStatus];
    const pageSize = Math.min(Math.max(q.pageSize ?? QUEUE_PAGE_SIZE, 1), QUEUE_MAX_PAGE_SIZE);
    const page = Math.max(q.page ?? 1, 1);
    const filter = {
      statuses,
      assignedTo: q.mine ? actor.userId! : undefined,
      due: q.due,
      today,
      soonUntil: addDays(today, DUE_SOON_DAYS),
      limit: pageSize,
      offset: (page - 1) * pageSize,
    };
    const rows = await this.cases.queue(filter);
    const total = rows[0]?.total ?? (page > 1 ? await this.cases.queueCount(filter) : 0);
    const persons = await this.interpreters.publicPersons(this.dataSource.manager, [
      ...new Set(rows.flatMap((r) => (r.interpreter_id ? [r.interpreter_id] : []))),
    ]);
    const names = await this.users.whoAre([
      ...new Set(rows.flatMap((r) => (r.assigned_to ? [r.assigned_to] : []))),
    ]);
    return {
      items: rows.map((r) => {
        const person = r.interpreter_id ? persons.get(r.interpreter_id) : undefined;
        const deadlines = queueDeadlines(r, now);
        return {
          id: r.id,
          caseNumber: r.case_number,
          kind: r.kind,
          receivedAt: new Date(r.received_at).toISOString(),
          interpreter: person
            ? {
                id: person.id,
                interpreterNumber: person.interpreterNumber,
                name: `${person.givenName} ${person.familyName}`,
              }
            : null,
          duties: r.duties,
          status: r.status,
          assignedTo: r.assigned_to
            ? { id: r.assigned_to, name: names.get(r.assigned_to)?.name ?? '' }
            : null,
          deadlines,
          nextDeadline: r.next_due,
          overdue: deadlines.some((d) => d.overdue),
          dueSoon: !deadlines.some((d) => d.overdue) && deadlines.some((d) => d.dueSoon),
          newReply: r.new_reply,
        };
      }),
      page,
      pageSize,
      total,
      totalPages: Math.ceil(total / pageSize),
    };
  }

  // ---- taking and reading a case ------------------------------------------------

  /**
   * Takes an unassigned case, with a declaration of (no) conflict of interest.
   * A conflicted declaration is recorded and the case refused; a report about
   * the handler themselves is refused outright; of concurrent takes one wins.
   */
  async take(actor: Actor, id: string, input: TakeInput): Promise<void> {
    const statement = input.statement?.trim() || null;
    if (statement !== null && statement.length > LIMITS.statement) {
      throw new InvalidInputError([
        { field: 'statement', message: `at most ${LIMITS.statement} characters` },
      ]);
    }
    const userId = actor.userId!;
    const refused = await this.dataSource.transaction(async (em) => {
      const row = await this.cases.byId(em, id, true);
      if (!row) throw new ReportNotFoundError();
      if (row.status === 'closed') throw new CaseClosedError();
      if (row.assigned_to === userId) return false;
      if (row.assigned_to) throw new AlreadyAssignedError();
      if (!(await this.users.ownNationalIdOf(em, userId))) throw new IdentityNotRecordedError();
      await this.assertNotOwn(em, row.interpreter_id, userId);
      const before = await this.cases.conflictOf(em, id, userId, 'case_handler');
      if (before?.conflicted) throw new ConflictOfInterestError();
      const now = this.clock.now();
      await this.cases.declareConflict(em, {
        reportId: id,
        userId,
        conflicted: input.conflicted,
        statementSealed:
          statement === null
            ? null
            : this.sealing.seal(statement, conflictAad(id, userId, 'case_handler')),
        declaredAt: now,
      });
      await this.audit.record(em, actor, {
        action: 'report.conflict_declared',
        subjectType: 'report',
        subjectId: id,
        details: {
          caseNumber: row.case_number,
          capacity: 'case_handler',
          conflicted: input.conflicted,
        },
      });
      if (input.conflicted) return true;
      await this.cases.assign(em, id, userId, now);
      await this.cases.addEvent(em, id, { at: now, kind: 'assigned', actorUserId: userId });
      await this.audit.record(em, actor, {
        action: 'report.assigned',
        subjectType: 'report',
        subjectId: id,
        details: { caseNumber: row.case_number },
      });
      return false;
    });
    // The declaration is kept; the handler still may not take the case.
    if (refused) throw new ConflictOfInterestError();
  }

  /**
   * What the queue shows of one case (no content, nothing sealed): for the
   * page that offers to take it. Not audited, as the queue is not.
   */
  async summary(id: string): Promise<CaseSummary> {
    const row = await this.cases.byId(this.dataSource.manager, id);
    if (!row) throw new ReportNotFoundError();
    const person = row.interpreter_id
      ? (await this.interpreters.publicPersons(this.dataSource.manager, [row.interpreter_id])).get(
          row.interpreter_id,
        )
      : undefined;
    const who = await this.users.whoAre(row.assigned_to ? [row.assigned_to] : []);
    return {
      id,
      caseNumber: row.case_number,
      kind: row.kind,
      status: row.status,
      receivedAt: iso(row.received_at)!,
      duties: row.duties,
      interpreter: person
        ? {
            id: person.id,
            interpreterNumber: person.interpreterNumber,
            name: `${person.givenName} ${person.familyName}`,
          }
        : null,
      assignedTo: row.assigned_to
        ? { id: row.assigned_to, name: who.get(row.assigned_to)?.name ?? '' }
        : null,
    };
  }

  /** Everything on the case, for the assigned handler only; the read is audited. */
  async view(actor: Actor, id: string): Promise<ReportCaseView> {
    const now = this.clock.now();
    const today = osloDate(now);
    const loaded = await this.dataSource.transaction(async (em) => {
      const row = await this.cases.byId(em, id);
      if (!row) throw new ReportNotFoundError();
      if (row.assigned_to !== actor.userId) throw new NotAssignedError();
      await this.assertNotOwn(em, row.interpreter_id, actor.userId);
      await this.audit.record(em, actor, {
        action: 'report.read',
        subjectType: 'report',
        subjectId: id,
        details: { caseNumber: row.case_number },
      });
      const iid = row.interpreter_id;
      return {
        row,
        messages: await this.cases.messages(em, id),
        attachments: await this.cases.attachments(em, id),
        events: await this.cases.events(em, id),
        conflicts: await this.cases.conflicts(em, id),
        referrals: await this.cases.referrals(em, id),
        advice: await this.cases.advice(em, id),
        decisions: await this.cases.decisions(em, id),
        person: iid ? (await this.interpreters.publicPersons(em, [iid])).get(iid) : undefined,
        entries: iid ? ((await this.register.entriesOf(em, [iid])).get(iid) ?? []) : [],
        sanctions: iid ? await this.cases.sanctionsOf(em, iid) : [],
        restrictions: iid ? await this.register.restrictionsOf(em, iid) : [],
      };
    });
    const { row } = loaded;
    const userIds = new Set<string>();
    if (row.assigned_to) userIds.add(row.assigned_to);
    for (const m of loaded.messages) if (m.author_user_id) userIds.add(m.author_user_id);
    for (const e of loaded.events) if (e.actor_user_id) userIds.add(e.actor_user_id);
    for (const c of loaded.conflicts) userIds.add(c.user_id);
    for (const r of loaded.referrals) userIds.add(r.referred_by);
    for (const a of loaded.advice) userIds.add(a.member_user_id);
    for (const d of loaded.decisions) userIds.add(d.decided_by);
    const who = await this.users.whoAre([...userIds]);
    const nameOf = (userId: string | null) => (userId ? (who.get(userId)?.name ?? null) : null);

    const attachmentsOf = (messageId: string | null) =>
      loaded.attachments
        .filter((a) => a.message_id === messageId)
        .map((a) => ({
          id: a.id,
          channel: a.channel,
          name: this.sealing.openText(
            a.name_sealed,
            aadFor('report_attachments', a.id, 'name_sealed'),
          ),
          mediaType: a.media_type,
          sizeBytes: a.size_bytes,
          at: new Date(a.created_at).toISOString(),
        }));

    const content =
      row.kind === 'report'
        ? this.openJson<ReportContent>(row.content_sealed, aadFor('reports', id, 'content_sealed'))
        : null;
    const review =
      row.kind === 'exclusion_review'
        ? {
            ...this.openJson<ReviewContent>(
              row.content_sealed,
              aadFor('reports', id, 'content_sealed'),
            ),
            originCaseNumber: row.origin_case_number,
            originId: row.origin_report_id,
          }
        : null;
    const replyPassed = row.interpreter_reply_by !== null && today > row.interpreter_reply_by;
    return {
      id,
      caseNumber: row.case_number,
      kind: row.kind,
      status: row.status,
      receivedAt: iso(row.received_at)!,
      acknowledgedAt: iso(row.acknowledged_at),
      feedbackAt: iso(row.feedback_at),
      decidedAt: iso(row.decided_at),
      closedAt: iso(row.closed_at),
      deleteAfter: row.delete_after,
      outcome: row.outcome,
      assignedTo: row.assigned_to
        ? { id: row.assigned_to, name: nameOf(row.assigned_to) ?? '' }
        : null,
      deadlines: caseDeadlines(
        row,
        loaded.referrals.find((r) => !r.closed_at)?.advice_by ?? null,
        now,
      ),
      duties: row.duties,
      content,
      review,
      openedReview:
        row.opened_review_id && row.opened_review_case_number
          ? { id: row.opened_review_id, caseNumber: row.opened_review_case_number }
          : null,
      anonymous: row.anonymous,
      reporter: row.reporter_sealed
        ? this.openJson<ReporterIdentity>(
            row.reporter_sealed,
            aadFor('reports', id, 'reporter_sealed'),
          )
        : null,
      redacted: row.redacted_sealed
        ? this.sealing.openText(row.redacted_sealed, aadFor('reports', id, 'redacted_sealed'))
        : null,
      interpreter:
        row.interpreter_id && loaded.person
          ? {
              id: row.interpreter_id,
              interpreterNumber: loaded.person.interpreterNumber,
              name: `${loaded.person.givenName} ${loaded.person.familyName}`,
              entries: loaded.entries,
              sanctions: loaded.sanctions.map((s) => ({
                kind: s.kind,
                decidedOn: s.decided_on,
                caseNumber: s.case_number,
              })),
              restrictions: loaded.restrictions,
              escalation: escalationView(loaded.sanctions, today),
            }
          : null,
      interpreterNotifiedAt: iso(row.interpreter_notified_at),
      interpreterReplyBy: row.interpreter_reply_by,
      interpreterReplied: row.interpreter_replied,
      interpreterHeard:
        row.interpreter_notified_at !== null && (row.interpreter_replied || replyPassed),
      messages: loaded.messages.map((m) => {
        const body = this.sealing.openText(
          m.body_sealed,
          aadFor('report_messages', m.id, 'body_sealed'),
        );
        const request =
          m.channel === 'public_body' ? (JSON.parse(body) as PublicBodyRequest) : null;
        return {
          id: m.id,
          channel: m.channel,
          author: m.author,
          authorName:
            m.author === 'staff' || m.author === 'committee' ? nameOf(m.author_user_id) : null,
          text: request ? request.text : body,
          publicBody: request?.publicBody ?? null,
          dueOn: request?.dueOn ?? null,
          at: new Date(m.created_at).toISOString(),
          attachments: attachmentsOf(m.id),
        };
      }),
      attachments: attachmentsOf(null),
      events: loaded.events.map((e) => ({
        at: new Date(e.at).toISOString(),
        kind: e.kind,
        by: nameOf(e.actor_user_id),
        visibleToReporter: e.visible_to_reporter,
        visibleToInterpreter: e.visible_to_interpreter,
      })),
      conflicts: loaded.conflicts.map((c) => ({
        name: nameOf(c.user_id),
        capacity: c.capacity,
        conflicted: c.conflicted,
        // A committee member's statement is theirs and the committee's; the handler sees the declaration.
        statement:
          c.capacity === 'case_handler' && c.statement_sealed
            ? this.sealing.openText(c.statement_sealed, conflictAad(id, c.user_id, c.capacity))
            : null,
        declaredAt: new Date(c.declared_at).toISOString(),
      })),
      referrals: loaded.referrals.map((r) => ({
        id: r.id,
        question: this.sealing.openText(
          r.question_sealed,
          aadFor('report_referrals', r.id, 'question_sealed'),
        ),
        adviceBy: r.advice_by,
        referredAt: new Date(r.referred_at).toISOString(),
        referredBy: nameOf(r.referred_by),
        closedAt: iso(r.closed_at),
        advice: loaded.advice
          .filter((a) => a.referral_id === r.id)
          .map((a) => ({
            memberName: nameOf(a.member_user_id),
            text: this.sealing.openText(
              a.advice_sealed,
              aadFor('report_advice', a.id, 'advice_sealed'),
            ),
            at: new Date(a.created_at).toISOString(),
          })),
      })),
      decisions: loaded.decisions.map((d) => ({
        round: d.round,
        outcome: d.outcome,
        serious: d.serious,
        excludedUntil: d.excluded_until,
        languageCode: d.language_code,
        reasons: this.sealing.openText(
          d.reasons_sealed,
          aadFor('report_decisions', d.id, 'reasons_sealed'),
        ),
        decidedAt: new Date(d.decided_at).toISOString(),
        decidedBy: nameOf(d.decided_by),
      })),
    };
  }

  // ---- the steps ----------------------------------------------------------------

  /** Acknowledges receipt: the reporter sees it, and the 7-day deadline is met. */
  async acknowledge(actor: Actor, id: string): Promise<void> {
    await this.step(actor, id, ['received'], 'acknowledged', async (em, row, now, today) => {
      await this.cases.setStatus(em, id, 'investigating', { acknowledgedAt: now });
      await this.cases.setFacts(em, id, { acknowledgedOn: today });
      await this.cases.addEvent(em, id, {
        at: now,
        kind: 'acknowledged',
        actorUserId: actor.userId,
        reporter: true,
      });
      await this.audit.record(em, actor, {
        action: 'report.acknowledged',
        subjectType: 'report',
        subjectId: id,
        details: { caseNumber: row.case_number },
      });
    });
  }

  /**
   * A message on a channel: to the reporter (the first one is the feedback
   * the 3-month deadline asks for; a named reporter with an e-mail is told
   * there is news, never what), to the interpreter (once told of the case),
   * an internal note, or a request to a public body (a record, with an
   * optional due date).
   */
  async message(actor: Actor, id: string, input: MessageInput): Promise<{ id: string }> {
    const text = input.text?.trim() ?? '';
    const problems: ProblemFieldError[] = [];
    if (!['reporter', 'interpreter', 'internal', 'public_body'].includes(input.channel)) {
      problems.push({
        field: 'channel',
        message: 'must be reporter, interpreter, internal or public_body',
      });
    }
    checkText(problems, 'text', text, LIMITS.message);
    const publicBody = input.publicBody?.trim() || null;
    const dueOn = input.dueOn?.trim() || null;
    if (input.channel === 'public_body') {
      if (publicBody === null)
        problems.push({ field: 'publicBody', message: 'name the public body' });
      else if (publicBody.length > LIMITS.publicBody)
        problems.push({ field: 'publicBody', message: `at most ${LIMITS.publicBody} characters` });
      if (dueOn !== null && !isCalendarDate(dueOn))
        problems.push({ field: 'dueOn', message: 'a date (YYYY-MM-DD)' });
    }
    if (problems.length > 0) throw new InvalidInputError(problems);
    const messageId = randomUUID();
    await this.step(actor, id, OPEN_STATUSES, 'written in', async (em, row, now) => {
      let body: string = text;
      if (input.channel === 'reporter' && row.kind !== 'report') throw new NoReporterChannelError();
      if (input.channel === 'interpreter' && !row.interpreter_notified_at) {
        throw new InterpreterNotNotifiedError();
      }
      if (input.channel === 'public_body') {
        const request: PublicBodyRequest = { publicBody: publicBody!, text, dueOn };
        body = JSON.stringify(request);
      }
      await this.writeMessage(em, id, input.channel, actor, body, messageId);
      const kinds = {
        reporter: ['message_to_reporter', 'report.message_sent'],
        interpreter: ['message_to_interpreter', 'report.message_sent'],
        internal: ['note', 'report.note_added'],
        public_body: ['information_requested', 'report.information_requested'],
      } as const;
      const [eventKind, action] = kinds[input.channel as keyof typeof kinds];
      await this.cases.addEvent(em, id, {
        at: now,
        kind: eventKind,
        actorUserId: actor.userId,
        reporter: input.channel === 'reporter',
        interpreter: input.channel === 'interpreter',
      });
      await this.audit.record(em, actor, {
        action,
        subjectType: 'report',
        subjectId: id,
        details: { caseNumber: row.case_number, channel: input.channel, messageId },
      });
      if (input.channel === 'reporter') {
        await this.cases.setFeedbackAt(em, id, now);
        await this.tellReporter(em, row);
      }
    });
    return { id: messageId };
  }

  /** Sets the interpreter the report is about, when the reporter did not know the number. */
  async identifyInterpreter(actor: Actor, id: string, interpreterNumber: number): Promise<void> {
    const interpreterId = Number.isSafeInteger(interpreterNumber)
      ? await this.interpreters.idByNumber(interpreterNumber)
      : undefined;
    if (!interpreterId) throw new UnknownInterpreterError();
    await this.step(actor, id, WORKING, 'changed', async (em, row, now) => {
      if (row.interpreter_notified_at) throw new InterpreterAlreadyNotifiedError();
      // A temporary exclusion or a sanction in this case acts on the interpreter it names.
      if (
        row.interpreter_id !== null &&
        row.interpreter_id !== interpreterId &&
        (await this.cases.sanctionsOfReport(em, id)) > 0
      ) {
        throw new InterpreterSanctionedError();
      }
      await this.assertNotOwn(em, interpreterId, actor.userId);
      await this.cases.setInterpreter(em, id, interpreterId);
      await this.cases.addEvent(em, id, {
        at: now,
        kind: 'interpreter_identified',
        actorUserId: actor.userId,
      });
      await this.audit.record(em, actor, {
        action: 'report.interpreter_identified',
        subjectType: 'report',
        subjectId: id,
        details: { caseNumber: row.case_number, interpreterId },
      });
    });
  }

  /** The redacted account: what the committee and the interpreter read. */
  async redact(
    actor: Actor,
    id: string,
    text: string,
    /** The handler has read the account and nothing in it could identify the reporter. */
    nothingIdentifying = false,
  ): Promise<void> {
    const value = text?.trim() ?? '';
    const problems: ProblemFieldError[] = [];
    checkText(problems, 'text', value, LIMITS.redacted);
    if (problems.length > 0) throw new InvalidInputError(problems);
    await this.step(actor, id, WORKING, 'changed', async (em, row, now) => {
      // The account as it came is what could identify the reporter: passing it on
      // unchanged is a choice the handler makes expressly, never by pressing "save".
      if (row.kind === 'report' && !nothingIdentifying) {
        const original = this.openJson<ReportContent>(
          row.content_sealed,
          aadFor('reports', id, 'content_sealed'),
        );
        if (original.text.trim() === value) throw new RedactionUnchangedError();
      }
      await this.cases.setRedacted(
        em,
        id,
        this.sealing.seal(value, aadFor('reports', id, 'redacted_sealed')),
      );
      await this.cases.addEvent(em, id, { at: now, kind: 'redacted', actorUserId: actor.userId });
      await this.audit.record(em, actor, {
        action: 'report.redacted',
        subjectType: 'report',
        subjectId: id,
        details: { caseNumber: row.case_number },
      });
    });
  }

  /** Tells the interpreter that the case concerns them; they may reply until `replyBy`. */
  async notifyInterpreter(
    actor: Actor,
    id: string,
    replyBy?: string | null,
  ): Promise<{ replyBy: string }> {
    return this.step(actor, id, INVESTIGATING, 'changed', async (em, row, now, today) => {
      const by = replyBy?.trim() || addDays(today, this.settings.interpreterReplyDays);
      if (!isCalendarDate(by) || by <= today) {
        throw new InvalidInputError([{ field: 'replyBy', message: 'a date after today' }]);
      }
      if (!row.interpreter_id) throw new InterpreterNotIdentifiedError();
      if (!row.redacted_sealed) throw new NotRedactedError();
      if (row.interpreter_notified_at) throw new InterpreterAlreadyNotifiedError();
      await this.cases.setInterpreterNotified(em, id, now, by);
      await this.cases.addEvent(em, id, {
        at: now,
        kind: 'interpreter_notified',
        actorUserId: actor.userId,
        interpreter: true,
      });
      await this.audit.record(em, actor, {
        action: 'report.interpreter_notified',
        subjectType: 'report',
        subjectId: id,
        details: { caseNumber: row.case_number, replyBy: by },
      });
      const person = await this.interpreters.profileById(em, row.interpreter_id);
      if (person?.email) {
        await this.notifications.enqueue(em, {
          to: person.email,
          template: 'report_interpreter_notified',
          lang: 'nb',
          reportId: row.id,
          params: { caseNumber: row.case_number, replyBy: by },
        });
      }
      return { replyBy: by };
    });
  }

  /**
   * Suspends the interpreter while the case runs, in this transaction: search
   * stops listing them and the card check reads "suspended" as soon as it
   * commits. They are back on `until` (the first day back), or when the
   * decision lifts it.
   */
  async temporaryExclusion(
    actor: Actor,
    id: string,
    input: { until: string; reasons: string },
  ): Promise<Restriction> {
    const reasons = input.reasons?.trim() ?? '';
    const problems: ProblemFieldError[] = [];
    if (!isCalendarDate(input.until ?? ''))
      problems.push({ field: 'until', message: 'a date (YYYY-MM-DD)' });
    checkText(problems, 'reasons', reasons, LIMITS.reasons);
    if (problems.length > 0) throw new InvalidInputError(problems);
    return this.step(actor, id, INVESTIGATING, 'changed', async (em, row, now, today) => {
      if (input.until <= today) {
        throw new InvalidInputError([{ field: 'until', message: 'must be after today' }]);
      }
      if (!row.interpreter_id) throw new InterpreterNotIdentifiedError();
      const restriction = await this.register.restrict(em, {
        interpreterId: row.interpreter_id,
        reportId: id,
        kind: 'temporary',
        startsOn: today,
        endsOn: input.until,
        createdBy: actor.userId,
      });
      await this.cases.addSanction(em, {
        interpreterId: row.interpreter_id,
        reportId: id,
        decisionId: null,
        kind: 'temporary_exclusion',
        decidedOn: today,
      });
      // The reasons stay on the case as an internal record.
      await this.writeMessage(em, id, 'internal', actor, reasons);
      await this.cases.addEvent(em, id, {
        at: now,
        kind: 'temporarily_excluded',
        actorUserId: actor.userId,
        interpreter: true,
      });
      await this.audit.record(em, actor, {
        action: 'report.temporarily_excluded',
        subjectType: 'report',
        subjectId: id,
        details: {
          caseNumber: row.case_number,
          restrictionId: restriction.id,
          until: input.until,
          languages: restriction.languageCodes,
        },
      });
      return restriction;
    });
  }

  /** Refers the case to the advisory committee (the redacted account and a question). */
  async refer(
    actor: Actor,
    id: string,
    input: { question: string; adviceBy: string },
  ): Promise<void> {
    const question = input.question?.trim() ?? '';
    const problems: ProblemFieldError[] = [];
    checkText(problems, 'question', question, LIMITS.question);
    if (!isCalendarDate(input.adviceBy ?? ''))
      problems.push({ field: 'adviceBy', message: 'a date (YYYY-MM-DD)' });
    if (problems.length > 0) throw new InvalidInputError(problems);
    await this.step(actor, id, INVESTIGATING, 'referred', async (em, row, now, today) => {
      if (input.adviceBy <= today) {
        throw new InvalidInputError([{ field: 'adviceBy', message: 'must be after today' }]);
      }
      if (await this.cases.openReferral(em, id)) throw new ReferralOpenError();
      if (!row.redacted_sealed) throw new NotRedactedError();
      const referralId = randomUUID();
      await this.cases.addReferral(em, {
        id: referralId,
        reportId: id,
        referredBy: actor.userId!,
        questionSealed: this.sealing.seal(
          question,
          aadFor('report_referrals', referralId, 'question_sealed'),
        ),
        adviceBy: input.adviceBy,
      });
      await this.cases.setStatus(em, id, 'with_committee');
      await this.cases.addEvent(em, id, { at: now, kind: 'referred', actorUserId: actor.userId });
      await this.audit.record(em, actor, {
        action: 'report.referred',
        subjectType: 'report',
        subjectId: id,
        details: { caseNumber: row.case_number, referralId, adviceBy: input.adviceBy },
      });
    });
  }

  /**
   * Decides the case: the decision and its letter, the sanctions and what
   * they do to the register (in this transaction), the temporary exclusion
   * lifted unless told not to, the open referral closed, the events, the
   * mail to the interpreter; then, after a warning, the escalation rule over
   * the person's sanctions, which may open an exclusion review.
   */
  async decide(actor: Actor, id: string, input: DecisionInput): Promise<DecisionResult> {
    const reasons = input.reasons?.trim() ?? '';
    const serious = input.serious === true;
    const excludedUntil = input.excludedUntil?.trim() || null;
    const languageCode = input.languageCode?.trim() || null;
    const problems: ProblemFieldError[] = [];
    if (!(REPORT_OUTCOMES as readonly string[]).includes(input.outcome)) {
      problems.push({ field: 'outcome', message: 'choose an outcome' });
    }
    checkText(problems, 'reasons', reasons, LIMITS.reasons);
    if (input.outcome === 'exclusion_period') {
      if (excludedUntil === null)
        problems.push({ field: 'excludedUntil', message: 'give the end date' });
      else if (!isCalendarDate(excludedUntil))
        problems.push({ field: 'excludedUntil', message: 'a date (YYYY-MM-DD)' });
    } else if (excludedUntil !== null) {
      problems.push({ field: 'excludedUntil', message: 'only for an exclusion for a period' });
    }
    if (input.outcome === 'revocation' && languageCode === null) {
      problems.push({ field: 'languageCode', message: 'choose the language' });
    }
    if (serious && (input.outcome === 'no_action' || input.outcome === 'guidance')) {
      problems.push({ field: 'serious', message: 'a serious breach needs a sanction' });
    }
    if (problems.length > 0) throw new InvalidInputError(problems);
    // Read through the pool before the transaction (the embedded database has one connection).
    const handler = await this.users.load(actor.userId!);
    const names = await this.languages.names();
    const lang = input.letterLanguage === 'en' ? 'en' : 'nb';

    return this.step(actor, id, INVESTIGATING, 'decided', async (em, row, now, today) => {
      if (excludedUntil !== null && excludedUntil <= today) {
        throw new InvalidInputError(
          [{ field: 'excludedUntil', message: 'must be after today' }],
          'The end date of an exclusion must be in the future.',
        );
      }
      const interpreterId = row.interpreter_id;
      if (!interpreterId) throw new InterpreterNotIdentifiedError();
      if (input.outcome !== 'no_action') {
        const replyPassed = row.interpreter_reply_by !== null && today > row.interpreter_reply_by;
        if (!row.interpreter_notified_at || !(row.interpreter_replied || replyPassed)) {
          throw new InterpreterNotHeardError();
        }
        const held = (await this.register.entriesOf(em, [interpreterId])).get(interpreterId) ?? [];
        if (!held.some((e) => e.status === 'active' || e.status === 'suspended')) {
          throw new NoEntriesInForceError();
        }
      }
      const person = await this.interpreters.profileById(em, interpreterId);

      // The register first: a refusal there (no authorisation to revoke) writes nothing.
      let categoryAfter: string | null = null;
      if (input.outcome === 'exclusion_period' || input.outcome === 'exclusion_permanent') {
        await this.register.restrict(em, {
          interpreterId,
          reportId: id,
          kind: input.outcome === 'exclusion_period' ? 'period' : 'permanent',
          startsOn: today,
          endsOn: input.outcome === 'exclusion_period' ? excludedUntil : null,
          createdBy: actor.userId,
        });
      } else if (input.outcome === 'revocation') {
        categoryAfter = (await this.register.revokeAuthorisation(em, interpreterId, languageCode!))
          .category;
      }
      let lifted = false;
      if (input.liftTemporaryExclusion !== false) {
        const open = (await this.register.restrictionsOf(em, interpreterId)).filter(
          (r) => r.reportId === id && r.kind === 'temporary' && r.endedAt === null,
        );
        for (const r of open) {
          if (await this.register.liftRestriction(em, interpreterId, r.id)) lifted = true;
        }
      }

      const decisionId = randomUUID();
      const round = (await this.cases.decisions(em, id)).length + 1;
      const letter: ReportLetterData = {
        lang,
        caseNumber: row.case_number,
        letterDate: today,
        recipient: {
          name: person ? `${person.givenName} ${person.familyName}` : '',
          interpreterNumber: person?.interpreterNumber ?? null,
        },
        outcome: input.outcome,
        serious,
        reasons,
        excludedFrom: input.outcome === 'exclusion_period' ? today : null,
        excludedUntil,
        revokedLanguage:
          languageCode === null
            ? null
            : lang === 'en'
              ? names(languageCode).nameEn
              : names(languageCode).nameNb,
        categoryAfter,
        temporaryExclusionLifted: lifted,
        handler: {
          name: handler?.displayName ?? '',
          title: lang === 'en' ? 'Case handler' : 'Saksbehandler',
        },
      };
      await this.cases.addDecision(em, {
        id: decisionId,
        reportId: id,
        round,
        outcome: input.outcome,
        serious,
        excludedUntil,
        languageCode,
        reasonsSealed: this.sealing.seal(
          reasons,
          aadFor('report_decisions', decisionId, 'reasons_sealed'),
        ),
        letterSealed: this.sealing.seal(
          JSON.stringify(letter),
          aadFor('report_decisions', decisionId, 'letter_sealed'),
        ),
        decidedBy: actor.userId!,
        decidedAt: now,
      });
      const kinds: SanctionKind[] = [SANCTIONS_OF[input.outcome]];
      if (serious) kinds.push('serious_breach');
      for (const kind of kinds) {
        await this.cases.addSanction(em, {
          interpreterId,
          reportId: id,
          decisionId,
          kind,
          decidedOn: today,
        });
      }
      await this.cases.setStatus(em, id, 'decided', { decidedAt: now, outcome: input.outcome });
      // The decision is feedback to the reporter too (they see that it is decided).
      if (row.kind === 'report') await this.cases.setFeedbackAt(em, id, now);
      await this.cases.closeReferrals(em, id, now);
      await this.cases.setFacts(em, id, { outcome: input.outcome });
      await this.cases.addEvent(em, id, {
        at: now,
        kind: 'decided',
        actorUserId: actor.userId,
        reporter: row.kind === 'report',
        interpreter: true,
      });
      await this.audit.record(em, actor, {
        action: 'report.decided',
        subjectType: 'report',
        subjectId: id,
        details: {
          caseNumber: row.case_number,
          round,
          outcome: input.outcome,
          serious,
          decisionId,
        },
      });
      if (person?.email) {
        await this.notifications.enqueue(em, {
          to: person.email,
          template: 'report_decision_made',
          lang,
          reportId: row.id,
          params: { caseNumber: row.case_number },
        });
      }
      await this.tellReporter(em, row);

      const review =
        input.outcome === 'warning'
          ? await this.escalate(em, actor, row, interpreterId, now, today)
          : null;
      return { round, outcome: input.outcome, review };
    });
  }

  /** Closes a decided case; its retention period starts. */
  async close(actor: Actor, id: string): Promise<{ deleteAfter: string }> {
    return this.step(actor, id, ['decided'], 'closed', async (em, row, now, today) => {
      const deleteAfter = addDays(today, this.settings.retentionDays);
      await this.cases.setStatus(em, id, 'closed', { closedAt: now, deleteAfter });
      await this.cases.setFacts(em, id, { closedOn: today });
      await this.cases.addEvent(em, id, {
        at: now,
        kind: 'closed',
        actorUserId: actor.userId,
        reporter: row.kind === 'report',
        interpreter: row.interpreter_notified_at !== null,
      });
      await this.audit.record(em, actor, {
        action: 'report.closed',
        subjectType: 'report',
        subjectId: id,
        details: { caseNumber: row.case_number, deleteAfter },
      });
      return { deleteAfter };
    });
  }

  /** Reopens a closed case: back to investigating, and no longer due for deletion. */
  async reopen(actor: Actor, id: string, reason: string): Promise<void> {
    const text = reason?.trim() ?? '';
    const problems: ProblemFieldError[] = [];
    checkText(problems, 'reason', text, LIMITS.message);
    if (problems.length > 0) throw new InvalidInputError(problems);
    await this.step(actor, id, ['closed'], 'reopened', async (em, row, now) => {
      await this.cases.setStatus(em, id, 'investigating', { closedAt: null, deleteAfter: null });
      await this.cases.setFacts(em, id, { closedOn: null });
      await this.writeMessage(em, id, 'internal', actor, text);
      await this.cases.addEvent(em, id, {
        at: now,
        kind: 'reopened',
        actorUserId: actor.userId,
        reporter: row.kind === 'report',
        interpreter: row.interpreter_notified_at !== null,
      });
      await this.audit.record(em, actor, {
        action: 'report.reopened',
        subjectType: 'report',
        subjectId: id,
        details: { caseNumber: row.case_number },
      });
    });
  }

  // ---- files ---------------------------------------------------------------------

  /** An attachment of the case, opened, for the assigned handler; the read is audited. */
  async openAttachment(actor: Actor, id: string, attachmentId: string): Promise<OpenedAttachment> {
    return this.dataSource.transaction(async (em) => {
      const row = await this.cases.byId(em, id);
      if (!row) throw new ReportNotFoundError();
      if (row.assigned_to !== actor.userId) throw new NotAssignedError();
      await this.assertNotOwn(em, row.interpreter_id, actor.userId);
      const a = await this.cases.attachment(em, id, attachmentId);
      if (!a) throw new ReportNotFoundError();
      await this.audit.record(em, actor, {
        action: 'report.attachment_read',
        subjectType: 'report',
        subjectId: id,
        details: { caseNumber: row.case_number, attachmentId },
      });
      return {
        name: this.sealing.openText(
          a.name_sealed,
          aadFor('report_attachments', a.id, 'name_sealed'),
        ),
        mediaType: a.media_type,
        bytes: this.sealing.open(a.data_sealed, aadFor('report_attachments', a.id, 'data_sealed')),
      };
    });
  }

  /** A decision letter's data (the last decision unless a round is named), for the assigned handler. */
  async letter(
    actor: Actor,
    id: string,
    round?: number,
  ): Promise<{ letter: ReportLetterData; caseNumber: string; round: number }> {
    const em = this.dataSource.manager;
    const row = await this.cases.byId(em, id);
    if (!row) throw new ReportNotFoundError();
    if (row.assigned_to !== actor.userId) throw new NotAssignedError();
    await this.assertNotOwn(em, row.interpreter_id, actor.userId);
    const decisions = await this.cases.decisions(em, id);
    const d = round === undefined ? decisions.at(-1) : decisions.find((x) => x.round === round);
    if (!d) throw new ReportNotFoundError();
    return {
      letter: this.openJson<ReportLetterData>(
        d.letter_sealed,
        aadFor('report_decisions', d.id, 'letter_sealed'),
      ),
      caseNumber: row.case_number,
      round: d.round,
    };
  }

  // ---- internals -------------------------------------------------------------------

  /**
   * One step on a case: the row locked, the assigned handler only, never
   * their own case, a closed case only where the step allows it, the status
   * checked; then the work, in the same transaction.
   */
  private step<T>(
    actor: Actor,
    id: string,
    allowed: readonly ReportStatus[],
    verb: string,
    work: (em: EntityManager, row: CaseRow, now: Date, today: string) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (em) => {
      const row = await this.cases.byId(em, id, true);
      if (!row) throw new ReportNotFoundError();
      if (row.assigned_to !== actor.userId) throw new NotAssignedError();
      await this.assertNotOwn(em, row.interpreter_id, actor.userId);
      if (row.status === 'closed' && !allowed.includes('closed')) throw new CaseClosedError();
      if (!allowed.includes(row.status)) throw new ReportStateError(row.status, verb);
      const now = this.clock.now();
      return work(em, row, now, osloDate(now));
    });
  }

  /** A staff member's message in one of the case's channels, sealed for its row. */
  private async writeMessage(
    em: EntityManager,
    reportId: string,
    channel: MessageChannel,
    actor: Actor,
    text: string,
    id: string = randomUUID(),
  ): Promise<void> {
    await this.cases.addMessage(em, {
      id,
      reportId,
      channel,
      authorUserId: actor.userId!,
      bodySealed: this.sealing.seal(text, aadFor('report_messages', id, 'body_sealed')),
    });
  }

  /** Nobody handles a report about themselves: their own identity number against the interpreter's. */
  private async assertNotOwn(
    em: EntityManager,
    interpreterId: string | null,
    staffUserId: string | null,
  ): Promise<void> {
    if (!interpreterId || !staffUserId) return;
    const own = await this.users.ownNationalIdOf(em, staffUserId);
    if (own && (await this.interpreters.idByNationalId(em, own)) === interpreterId) {
      throw new OwnCaseError();
    }
  }

  /** A named reporter who gave an e-mail is told there is news; never what. An anonymous one, nothing. */
  private async tellReporter(em: EntityManager, row: CaseRow): Promise<void> {
    if (row.kind !== 'report' || row.anonymous || !row.reporter_sealed) return;
    const reporter = this.openJson<ReporterIdentity>(
      row.reporter_sealed,
      aadFor('reports', row.id, 'reporter_sealed'),
    );
    if (!reporter.email) return;
    await this.notifications.enqueue(em, {
      to: reporter.email,
      template: 'report_reporter_news',
      lang: 'nb',
      // No case number: the mail says only that there is news, to whoever reads the inbox.
      reportId: row.id,
    });
  }

  /**
   * The escalation rule over the person's sanctions, today: when it fires and
   * no review of them is open, an exclusion review opens, assigned to the
   * same handler, with why (the reason, the window, the decisions counted).
   */
  private async escalate(
    em: EntityManager,
    actor: Actor,
    origin: CaseRow,
    interpreterId: string,
    now: Date,
    today: string,
  ): Promise<DecisionResult['review']> {
    await this.cases.lockPersonReviews(em, interpreterId);
    const sanctions = await this.cases.sanctionsOf(em, interpreterId);
    const escalation = escalationView(sanctions, today);
    if (!escalation.review || escalation.reason === null) return null;
    if (await this.cases.openReviewOf(em, interpreterId)) return null;
    const reviewId = randomUUID();
    const caseNumber = await this.cases.nextCaseNumber(em, today.slice(0, 4));
    const content: ReviewContent = {
      reason: escalation.reason,
      windowStart: escalation.windowStart,
      counted: [
        ...escalation.warnings.map((w) => ({ kind: 'warning', ...w })),
        ...escalation.seriousBreaches.map((s) => ({ kind: 'serious_breach', ...s })),
      ],
    };
    const deadlines = reportDeadlines(now);
    await this.cases.insertReview(em, {
      id: reviewId,
      caseNumber,
      reason: escalation.reason,
      originReportId: origin.id,
      contentSealed: this.sealing.seal(
        JSON.stringify(content),
        aadFor('reports', reviewId, 'content_sealed'),
      ),
      duties: origin.duties,
      interpreterId,
      receivedAt: now,
      acknowledgeBy: deadlines.acknowledgeBy,
      feedbackBy: deadlines.feedbackBy,
      assignedTo: actor.userId!,
    });
    await this.cases.addEvent(em, reviewId, {
      at: now,
      kind: 'review_opened',
      actorUserId: actor.userId,
    });
    await this.cases.addEvent(em, origin.id, {
      at: now,
      kind: 'review_opened',
      actorUserId: actor.userId,
    });
    await this.audit.record(em, actor, {
      action: 'report.review_opened',
      subjectType: 'report',
      subjectId: reviewId,
      details: {
        caseNumber,
        originCaseNumber: origin.case_number,
        reason: escalation.reason,
        windowStart: escalation.windowStart,
      },
    });
    return { id: reviewId, caseNumber, reason: escalation.reason, escalation };
  }

  private openJson<T>(sealed: Buffer, aad: string): T {
    return JSON.parse(this.sealing.openText(sealed, aad)) as T;
  }
}

function iso(value: Date | null): string | null {
  return value ? new Date(value).toISOString() : null;
}

function checkText(problems: ProblemFieldError[], field: string, value: string, max: number): void {
  if (value.length === 0) problems.push({ field, message: 'must not be empty' });
  else if (value.length > max) problems.push({ field, message: `at most ${max} characters` });
}

function deadline(which: DeadlineKind, date: string | null, now: Date): DeadlineView[] {
  if (date === null) return [];
  return [{ which, date, overdue: overdue(date, now), dueSoon: dueSoon(date, now, DUE_SOON_DAYS) }];
}

function queueDeadlines(r: QueueRow, now: Date): DeadlineView[] {
  return [
    ...deadline('acknowledge', r.ack_due, now),
    ...deadline('feedback', r.feedback_due, now),
    ...deadline('interpreter_reply', r.reply_due, now),
    ...deadline('advice', r.advice_due, now),
  ];
}

/** The deadlines still open on a case (the same rules as the queue's SQL). */
function caseDeadlines(row: CaseRow, adviceBy: string | null, now: Date): DeadlineView[] {
  const working = WORKING.includes(row.status);
  return [
    ...deadline(
      'acknowledge',
      row.status === 'received' && !row.acknowledged_at ? row.acknowledge_by : null,
      now,
    ),
    ...deadline(
      'feedback',
      working && row.kind === 'report' && !row.feedback_at ? row.feedback_by : null,
      now,
    ),
    ...deadline(
      'interpreter_reply',
      INVESTIGATING.includes(row.status) && row.interpreter_notified_at && !row.interpreter_replied
        ? row.interpreter_reply_by
        : null,
      now,
    ),
    ...deadline('advice', adviceBy, now),
  ];
}

function escalationView(sanctions: SanctionRow[], today: string): EscalationView {
  const result = needsExclusionReview(
    sanctions.map((s) => ({
      kind: s.kind as SanctionKind,
      decidedOn: s.decided_on,
      caseNumber: s.case_number,
    })),
    today,
  );
  const counted = (list: typeof result.counted.warnings) =>
    list.map((s) => ({ decidedOn: s.decidedOn, caseNumber: s.caseNumber }));
  return {
    review: result.review,
    reason: result.reason,
    windowStart: result.counted.windowStart,
    warnings: counted(result.counted.warnings),
    seriousBreaches: counted(result.counted.seriousBreaches),
  };
}
