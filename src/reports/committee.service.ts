import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { type CommitteeSeat, UsersService } from '../auth/users.service.js';
import { InvalidInputError } from '../common/problem.js';
import { InterpretersService } from '../interpreters/interpreters.service.js';
import { aadFor } from '../sealing/sealed-box.js';
import { SealingService } from '../sealing/sealing.module.js';
import {
  AdviceExistsError,
  AlreadyDeclaredError,
  ConflictedError,
  DeclarationRequiredError,
  ReferralNotFoundError,
} from './committee.errors.js';
import { CommitteeRepository, type ReferralRow } from './committee.repository.js';
import { conflictAad, type ReportDuty, type ReportKind } from './report-types.js';
import { ReportsClock } from './reports-clock.js';

/** The longest advice or conflict statement a member may write. */
export const ADVICE_MAX_LENGTH = 10_000;

/** A referral as a member may know it before declaring: no content. */
export interface CommitteeReferralSummary {
  id: string;
  caseNumber: string;
  /** The interpreter the case is about, so the member can tell whether they have a conflict. */
  interpreter: { interpreterNumber: number; name: string } | null;
  adviceBy: string;
  referredAt: string;
  /** Their own declaration: `none` yet, `no_conflict` or `conflicted`. */
  declaration: 'none' | 'no_conflict' | 'conflicted';
  advised: boolean;
}

/** What a member who declared no conflict reads: the redacted account and the handler's question. */
export interface CommitteeCaseView {
  referralId: string;
  caseNumber: string;
  kind: ReportKind;
  duties: ReportDuty[];
  /** The account with what could identify the reporter taken out; null if not prepared. */
  redactedAccount: string | null;
  question: string;
  adviceBy: string;
  referredAt: string;
  /** Their own advice, once given. */
  advice: { text: string; givenAt: string } | null;
}

/**
 * The advisory committee's side of a report (issue #11): a member with a
 * seat sees the open referrals (a deputy only those on which a member has
 * declared a conflict), declares whether they have a conflict before
 * anything else, then reads the redacted account and the handler's question
 * and gives their advice, once. A referral they may not see is the same 404
 * as one that does not exist.
 */
@Injectable()
export class CommitteeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly committee: CommitteeRepository,
    private readonly users: UsersService,
    private readonly interpreters: InterpretersService,
    private readonly sealing: SealingService,
    private readonly audit: AuditService,
    private readonly clock: ReportsClock,
  ) {}

  /** The open referrals the member may see (none without a seat). Names no content: not audited. */
  async referrals(actor: Actor): Promise<CommitteeReferralSummary[]> {
    const em = this.dataSource.manager;
    const seat = await this.seatOf(em, actor);
    if (!seat) return [];
    const rows = await this.committee.visibleReferrals(em, actor.userId!, seat);
    return this.summaries(em, rows);
  }

  /** One referral as the member may know it before declaring; 404 when not theirs to see. */
  async referral(actor: Actor, referralId: string): Promise<CommitteeReferralSummary> {
    const em = this.dataSource.manager;
    const row = await this.visible(em, actor, referralId);
    return (await this.summaries(em, [row]))[0];
  }

  /**
   * Declares whether the member has a conflict of interest in the referral's
   * case (once; it stands for later referrals of the same case). Conflicted:
   * they never see it, and the deputies do.
   */
  async declare(
    actor: Actor,
    referralId: string,
    declaration: { conflicted: boolean; statement?: string | null },
  ): Promise<void> {
    const statement = declaration.statement?.trim() || null;
    if (statement !== null && statement.length > ADVICE_MAX_LENGTH) {
      throw new InvalidInputError([
        { field: 'statement', message: `at most ${ADVICE_MAX_LENGTH} characters` },
      ]);
    }
    await this.dataSource.transaction(async (em) => {
      const row = await this.visible(em, actor, referralId, true);
      if (row.conflicted !== null) throw new AlreadyDeclaredError();
      const userId = actor.userId!;
      const now = this.clock.now();
      const inserted = await this.committee.insertDeclaration(em, {
        reportId: row.report_id,
        userId,
        conflicted: declaration.conflicted,
        statementSealed:
          statement === null
            ? null
            : this.sealing.seal(statement, conflictAad(row.report_id, userId, 'committee_member')),
        declaredAt: now,
      });
      if (!inserted) throw new AlreadyDeclaredError();
      await this.committee.addEvent(
        em,
        row.report_id,
        declaration.conflicted ? 'committee_conflict_declared' : 'committee_no_conflict_declared',
        userId,
        now,
      );
      await this.audit.record(em, actor, {
        action: 'report.committee_declared',
        subjectType: 'report',
        subjectId: row.report_id,
        details: {
          caseNumber: row.case_number,
          referralId: row.id,
          conflicted: declaration.conflicted,
        },
      });
    });
  }

  /**
   * The case as the committee reads it, after the member declared no
   * conflict (409 DECLARATION_REQUIRED before, 403 CONFLICTED if they
   * declared one). Every read is audited (`report.committee_read`).
   */
  async read(actor: Actor, referralId: string): Promise<CommitteeCaseView> {
    return this.dataSource.transaction(async (em) => {
      const row = await this.visible(em, actor, referralId);
      this.assertMayRead(row);
      const referral = (await this.committee.referralCase(em, row.id))!;
      const advice = await this.committee.adviceOf(em, row.id, actor.userId!);
      await this.audit.record(em, actor, {
        action: 'report.committee_read',
        subjectType: 'report',
        subjectId: row.report_id,
        details: { caseNumber: row.case_number, referralId: row.id },
      });
      return {
        referralId: row.id,
        caseNumber: referral.case_number,
        kind: referral.kind,
        duties: referral.duties,
        redactedAccount: referral.redacted_sealed
          ? this.sealing.openText(
              referral.redacted_sealed,
              aadFor('reports', referral.report_id, 'redacted_sealed'),
            )
          : null,
        question: this.sealing.openText(
          referral.question_sealed,
          aadFor('report_referrals', referral.id, 'question_sealed'),
        ),
        adviceBy: referral.advice_by,
        referredAt: referral.referred_at.toISOString(),
        advice: advice
          ? {
              text: this.sealing.openText(
                advice.advice_sealed,
                aadFor('report_advice', advice.id, 'advice_sealed'),
              ),
              givenAt: advice.created_at.toISOString(),
            }
          : null,
      };
    });
  }

  /**
   * Records the member's advice on the referral (one each: 409 ADVICE_EXISTS
   * on a second), as an event on the case (`advice_given`) and in the audit
   * trail (`report.advice_given`). The case handler sees it on the case.
   */
  async advise(actor: Actor, referralId: string, text: string): Promise<{ id: string }> {
    const advice = text.trim();
    if (advice.length === 0 || advice.length > ADVICE_MAX_LENGTH) {
      throw new InvalidInputError([
        {
          field: 'text',
          message:
            advice.length === 0 ? 'write your advice' : `at most ${ADVICE_MAX_LENGTH} characters`,
        },
      ]);
    }
    return this.dataSource.transaction(async (em) => {
      const row = await this.visible(em, actor, referralId, true);
      this.assertMayRead(row);
      if (row.advised) throw new AdviceExistsError();
      const id = randomUUID();
      const now = this.clock.now();
      const inserted = await this.committee.insertAdvice(em, {
        id,
        referralId: row.id,
        memberUserId: actor.userId!,
        adviceSealed: this.sealing.seal(advice, aadFor('report_advice', id, 'advice_sealed')),
        createdAt: now,
      });
      if (!inserted) throw new AdviceExistsError();
      await this.committee.addEvent(em, row.report_id, 'advice_given', actor.userId, now);
      await this.audit.record(em, actor, {
        action: 'report.advice_given',
        subjectType: 'report',
        subjectId: row.report_id,
        details: { caseNumber: row.case_number, referralId: row.id, adviceId: id },
      });
      return { id };
    });
  }

  private async seatOf(em: EntityManager, actor: Actor): Promise<CommitteeSeat | null> {
    if (!actor.userId || !actor.roles.includes('committee_member')) return null;
    return this.users.committeeSeatOf(em, actor.userId);
  }

  private async visible(
    em: EntityManager,
    actor: Actor,
    referralId: string,
    lock = false,
  ): Promise<ReferralRow> {
    const seat = await this.seatOf(em, actor);
    const row = seat
      ? await this.committee.visibleReferral(em, actor.userId!, seat, referralId, lock)
      : undefined;
    if (!row) throw new ReferralNotFoundError();
    return row;
  }

  private assertMayRead(row: ReferralRow): void {
    if (row.conflicted === null) throw new DeclarationRequiredError();
    if (row.conflicted) throw new ConflictedError();
  }

  private async summaries(
    em: EntityManager,
    rows: ReferralRow[],
  ): Promise<CommitteeReferralSummary[]> {
    const persons = await this.interpreters.publicPersons(
      em,
      rows.flatMap((r) => (r.interpreter_id ? [r.interpreter_id] : [])),
    );
    return rows.map((r) => {
      const person = r.interpreter_id ? persons.get(r.interpreter_id) : undefined;
      return {
        id: r.id,
        caseNumber: r.case_number,
        interpreter: person
          ? {
              interpreterNumber: person.interpreterNumber,
              name: `${person.givenName} ${person.familyName}`,
            }
          : null,
        adviceBy: r.advice_by,
        referredAt: r.referred_at.toISOString(),
        declaration: r.conflicted === null ? 'none' : r.conflicted ? 'conflicted' : 'no_conflict',
        advised: r.advised,
      };
    });
  }
}
