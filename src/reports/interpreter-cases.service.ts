import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersService } from '../auth/users.service.js';
import { InvalidInputError } from '../common/problem.js';
import { InterpretersService } from '../interpreters/interpreters.service.js';
import { RegisterService } from '../register/register.service.js';
import { aadFor } from '../sealing/sealed-box.js';
import { SealingService } from '../sealing/sealing.module.js';
import { MyPageLinks } from '../web/my-page-links.js';
import { CaseDecidedError, InterpreterCaseNotFoundError } from './committee.errors.js';
import {
  type InterpreterCaseRow,
  InterpreterCasesRepository,
} from './interpreter-cases.repository.js';
import type { ReportDuty, ReportKind, ReportOutcome } from './report-types.js';
import { ReportsClock } from './reports-clock.js';
import { renderReportLetter, type ReportLetterData } from './report-letter.js';

/** The longest reply an interpreter may write. */
export const REPLY_MAX_LENGTH = 10_000;

/** A case as the interpreter it is about sees it: never the reporter, the original account or internal notes. */
export interface InterpreterCaseSummary {
  caseNumber: string;
  kind: ReportKind;
  /** `open` until decided; `decided`; `closed`. */
  status: 'open' | 'decided' | 'closed';
  notifiedAt: string;
  replyBy: string | null;
  outcome: ReportOutcome | null;
  decidedAt: string | null;
}

export interface InterpreterCaseView extends InterpreterCaseSummary {
  duties: ReportDuty[];
  /** The account with what could identify the reporter taken out; null if not prepared. */
  redactedAccount: string | null;
  /** Whether they may still give their side (until the case is decided). */
  canReply: boolean;
  messages: Array<{ from: 'interpreter' | 'directorate'; text: string; at: string }>;
  events: Array<{ kind: string; at: string }>;
  decisions: Array<{
    id: string;
    round: number;
    outcome: ReportOutcome;
    excludedUntil: string | null;
    languageCode: string | null;
    reasons: string;
    decidedAt: string;
  }>;
}

/** What has been done to the person because of reports: sanctions and restrictions on their entries. */
export interface InterpreterSanctionsView {
  sanctions: Array<{ kind: string; decidedOn: string; caseNumber: string | null }>;
  restrictions: Array<{
    kind: string;
    startsOn: string;
    endsOn: string | null;
    languageCodes: string[];
    ended: boolean;
  }>;
}

/**
 * The interpreter's side of reports about them (issue #11): the cases they
 * have been told of (`interpreter_notified_at` set) with the redacted
 * account, the `interpreter` channel, the decisions about them and their
 * letters, their sanctions and restrictions; and their reply until the case
 * is decided. Someone else's case, or one they have not been told of, is the
 * same 404 as one that does not exist.
 */
@Injectable()
export class InterpreterCasesService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: InterpreterCasesRepository,
    private readonly users: UsersService,
    private readonly interpreters: InterpretersService,
    private readonly register: RegisterService,
    private readonly sealing: SealingService,
    private readonly audit: AuditService,
    private readonly clock: ReportsClock,
    private readonly myPage: MyPageLinks,
  ) {}

  /** A link from /min-side to the cases, for an interpreter who has any. */
  onModuleInit(): void {
    this.myPage.add(async (user) =>
      user.roles.includes('interpreter') && (await this.hasCases(user.id))
        ? [
            {
              href: '/min-side/saker',
              text: { nb: 'Saker om deg (varsler)', en: 'Cases about you (reports)' },
            },
          ]
        : [],
    );
  }

  /** The interpreter row of the signed-in user, if they are in the register. */
  async interpreterIdOf(userId: string, em?: EntityManager): Promise<string | undefined> {
    const nationalId = await this.users.nationalIdOf(userId, em);
    if (!nationalId) return undefined;
    return this.interpreters.idByNationalId(em ?? this.dataSource.manager, nationalId);
  }

  /** Whether the user has any case to see (the link on Min side). */
  async hasCases(userId: string): Promise<boolean> {
    const interpreterId = await this.interpreterIdOf(userId);
    return interpreterId ? this.cases.hasCases(this.dataSource.manager, interpreterId) : false;
  }

  /** The cases about the signed-in interpreter that they have been told of. */
  async list(actor: Actor): Promise<InterpreterCaseSummary[]> {
    const interpreterId = await this.interpreterIdOf(actor.userId!);
    if (!interpreterId) return [];
    const rows = await this.cases.casesOf(this.dataSource.manager, interpreterId);
    return rows.map(summary);
  }

  /** One of their cases; 404 CASE_NOT_FOUND for anything else. */
  async view(actor: Actor, caseNumber: string): Promise<InterpreterCaseView> {
    const em = this.dataSource.manager;
    const interpreterId = await this.interpreterIdOf(actor.userId!);
    const row = interpreterId ? await this.cases.caseOf(em, interpreterId, caseNumber) : undefined;
    if (!row) throw new InterpreterCaseNotFoundError();
    return this.caseView(em, row);
  }

  /** Sanctions and restrictions on the signed-in person, also those whose report has been deleted. */
  async sanctions(actor: Actor): Promise<InterpreterSanctionsView> {
    const interpreterId = await this.interpreterIdOf(actor.userId!);
    if (!interpreterId) return { sanctions: [], restrictions: [] };
    return this.sanctionsOf(this.dataSource.manager, interpreterId);
  }

  /**
   * Their side of the case, in the `interpreter` channel, until the case is
   * decided (409 CASE_DECIDED after). An event on the case they see too, and
   * `report.interpreter_replied` in the audit trail (no content).
   */
  async reply(actor: Actor, caseNumber: string, text: string): Promise<{ id: string }> {
    const body = text.trim();
    if (body.length === 0 || body.length > REPLY_MAX_LENGTH) {
      throw new InvalidInputError([
        {
          field: 'text',
          message:
            body.length === 0 ? 'write your reply' : `at most ${REPLY_MAX_LENGTH} characters`,
        },
      ]);
    }
    const userId = actor.userId!;
    return this.dataSource.transaction(async (em) => {
      const interpreterId = await this.interpreterIdOf(userId, em);
      const row = interpreterId
        ? await this.cases.caseOf(em, interpreterId, caseNumber, true)
        : undefined;
      if (!row) throw new InterpreterCaseNotFoundError();
      if (row.status === 'decided' || row.status === 'closed') throw new CaseDecidedError();
      const id = randomUUID();
      const now = this.clock.now();
      await this.cases.insertMessage(em, {
        id,
        reportId: row.id,
        authorUserId: userId,
        bodySealed: this.sealing.seal(body, aadFor('report_messages', id, 'body_sealed')),
        createdAt: now,
      });
      await this.cases.addEvent(em, row.id, 'interpreter_replied', userId, now);
      await this.audit.record(em, actor, {
        action: 'report.interpreter_replied',
        subjectType: 'report',
        subjectId: row.id,
        details: { caseNumber: row.case_number, messageId: id },
      });
      return { id };
    });
  }

  /** A decision letter of one of their cases as a PDF, rendered from the letter data stored with the decision. */
  async letter(
    actor: Actor,
    caseNumber: string,
    decisionId: string,
  ): Promise<{ pdf: Buffer; fileName: string }> {
    const em = this.dataSource.manager;
    const interpreterId = await this.interpreterIdOf(actor.userId!);
    const row = interpreterId ? await this.cases.caseOf(em, interpreterId, caseNumber) : undefined;
    const decision = row ? await this.cases.letter(em, row.id, decisionId) : undefined;
    if (!row || !decision) throw new InterpreterCaseNotFoundError();
    const letter = JSON.parse(
      this.sealing.openText(
        decision.letter_sealed,
        aadFor('report_decisions', decision.id, 'letter_sealed'),
      ),
    ) as ReportLetterData;
    return {
      pdf: await renderReportLetter(letter),
      fileName: `vedtak-${row.case_number}-${decision.round}.pdf`,
    };
  }

  /**
   * The person's report cases as they see them, with their sanctions and
   * restrictions, for their access request (GET /api/me/export). Never the
   * reporter, the original account, internal notes or committee advice.
   */
  async exportFor(userId: string): Promise<
    | {
        cases: InterpreterCaseView[];
        sanctions: InterpreterSanctionsView['sanctions'];
        restrictions: InterpreterSanctionsView['restrictions'];
      }
    | undefined
  > {
    const em = this.dataSource.manager;
    const interpreterId = await this.interpreterIdOf(userId);
    if (!interpreterId) return undefined;
    const rows = await this.cases.casesOf(em, interpreterId);
    const cases: InterpreterCaseView[] = [];
    for (const row of rows) cases.push(await this.caseView(em, row));
    return { cases, ...(await this.sanctionsOf(em, interpreterId)) };
  }

  private async caseView(em: EntityManager, row: InterpreterCaseRow): Promise<InterpreterCaseView> {
    const messages = await this.cases.messages(em, row.id);
    const events = await this.cases.events(em, row.id);
    const decisions = await this.cases.decisions(em, row.id);
    const decided = row.status === 'decided' || row.status === 'closed';
    return {
      ...summary(row),
      duties: row.duties,
      redactedAccount: row.redacted_sealed
        ? this.sealing.openText(row.redacted_sealed, aadFor('reports', row.id, 'redacted_sealed'))
        : null,
      canReply: !decided,
      messages: messages.map((m) => ({
        from: m.author === 'interpreter' ? 'interpreter' : 'directorate',
        text: this.sealing.openText(m.body_sealed, aadFor('report_messages', m.id, 'body_sealed')),
        at: m.created_at.toISOString(),
      })),
      events: events.map((e) => ({ kind: e.kind, at: new Date(e.at).toISOString() })),
      decisions: decisions.map((d) => ({
        id: d.id,
        round: d.round,
        outcome: d.outcome,
        excludedUntil: d.excluded_until,
        languageCode: d.language_code,
        reasons: this.sealing.openText(
          d.reasons_sealed,
          aadFor('report_decisions', d.id, 'reasons_sealed'),
        ),
        decidedAt: d.decided_at.toISOString(),
      })),
    };
  }

  private async sanctionsOf(
    em: EntityManager,
    interpreterId: string,
  ): Promise<InterpreterSanctionsView> {
    const sanctions = await this.cases.sanctionsOf(em, interpreterId);
    const restrictions = await this.register.restrictionsOf(em, interpreterId);
    return {
      sanctions: sanctions.map((s) => ({
        kind: s.kind,
        decidedOn: s.decided_on,
        caseNumber: s.case_number,
      })),
      restrictions: restrictions.map((r) => ({
        kind: r.kind,
        startsOn: r.startsOn,
        endsOn: r.endsOn,
        languageCodes: r.languageCodes,
        ended: r.endedAt !== null,
      })),
    };
  }
}

function summary(row: InterpreterCaseRow): InterpreterCaseSummary {
  return {
    caseNumber: row.case_number,
    kind: row.kind,
    status: row.status === 'closed' ? 'closed' : row.status === 'decided' ? 'decided' : 'open',
    notifiedAt: row.interpreter_notified_at.toISOString(),
    replyBy: row.interpreter_reply_by,
    outcome: row.outcome,
    decidedAt: row.decided_at?.toISOString() ?? null,
  };
}
