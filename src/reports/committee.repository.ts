import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CommitteeSeat } from '../auth/users.service.js';
import type { ReportDuty, ReportKind } from './report-types.js';

/** An open referral as a committee member may know it before declaring: no content. */
export interface ReferralRow {
  id: string;
  report_id: string;
  case_number: string;
  interpreter_id: string | null;
  advice_by: string;
  referred_at: Date;
  /** The member's own declaration: null when none yet. */
  conflicted: boolean | null;
  advised: boolean;
}

/** What a member who declared no conflict reads: sealed values, opened by the service. */
export interface ReferralCaseRow {
  id: string;
  report_id: string;
  case_number: string;
  kind: ReportKind;
  duties: ReportDuty[];
  redacted_sealed: Buffer | null;
  question_sealed: Buffer;
  advice_by: string;
  referred_at: Date;
}

export interface AdviceRow {
  id: string;
  advice_sealed: Buffer;
  created_at: Date;
}

/**
 * Who may see a referral: any member with a seat sees every open referral;
 * a deputy only those on which a member (by their seat now) has declared a
 * conflict. Parameters: $1 the user, $2 their seat.
 */
const VISIBLE = `
  f.closed_at IS NULL
  AND ($2::text = 'member' OR ($2::text = 'deputy' AND EXISTS (
    SELECT 1 FROM report_conflicts mc JOIN users u ON u.id = mc.user_id
     WHERE mc.report_id = f.report_id AND mc.capacity = 'committee_member'
       AND mc.conflicted AND u.committee_seat = 'member')))`;

const REFERRAL_COLUMNS = `
  f.id, f.report_id, r.case_number, r.interpreter_id, f.advice_by::text AS advice_by, f.referred_at,
  c.conflicted,
  EXISTS (SELECT 1 FROM report_advice a WHERE a.referral_id = f.id AND a.member_user_id = $1) AS advised`;

const REFERRAL_FROM = `
  report_referrals f JOIN reports r ON r.id = f.report_id
  LEFT JOIN report_conflicts c
    ON c.report_id = f.report_id AND c.user_id = $1 AND c.capacity = 'committee_member'`;

/** The reports feature's SQL for the advisory committee (issue #11); see docs/architecture.md, "Where SQL lives". */
@Injectable()
export class CommitteeRepository {
  /** The open referrals this member may see, the earliest advice deadline first. */
  visibleReferrals(em: EntityManager, userId: string, seat: CommitteeSeat): Promise<ReferralRow[]> {
    return em.query(
      `SELECT ${REFERRAL_COLUMNS} FROM ${REFERRAL_FROM}
        WHERE ${VISIBLE} ORDER BY f.advice_by, f.referred_at, f.id`,
      [userId, seat],
    );
  }

  /**
   * One open referral if this member may see it; with `lock`, held (FOR SHARE)
   * until the caller's transaction ends, so it cannot close meanwhile.
   */
  async visibleReferral(
    em: EntityManager,
    userId: string,
    seat: CommitteeSeat,
    referralId: string,
    lock = false,
  ): Promise<ReferralRow | undefined> {
    const [row]: ReferralRow[] = await em.query(
      `SELECT ${REFERRAL_COLUMNS} FROM ${REFERRAL_FROM}
        WHERE f.id = $3 AND ${VISIBLE} ${lock ? 'FOR SHARE OF f' : ''}`,
      [userId, seat, referralId],
    );
    return row;
  }

  /** The referral's case as the committee may read it: the redacted account and the question only. */
  async referralCase(em: EntityManager, referralId: string): Promise<ReferralCaseRow | undefined> {
    const [row]: ReferralCaseRow[] = await em.query(
      `SELECT f.id, f.report_id, r.case_number, r.kind, r.duties::text[] AS duties, r.redacted_sealed,
              f.question_sealed, f.advice_by::text AS advice_by, f.referred_at
         FROM report_referrals f JOIN reports r ON r.id = f.report_id
        WHERE f.id = $1`,
      [referralId],
    );
    return row;
  }

  /** Records a committee member's declaration; false when they have declared on this report before. */
  async insertDeclaration(
    em: EntityManager,
    row: {
      reportId: string;
      userId: string;
      conflicted: boolean;
      statementSealed: Buffer | null;
      declaredAt: Date;
    },
  ): Promise<boolean> {
    const inserted: unknown[] = await em.query(
      `INSERT INTO report_conflicts (report_id, user_id, capacity, conflicted, statement_sealed, declared_at)
       VALUES ($1, $2, 'committee_member', $3, $4, $5)
       ON CONFLICT (report_id, user_id, capacity) DO NOTHING RETURNING report_id`,
      [row.reportId, row.userId, row.conflicted, row.statementSealed, row.declaredAt],
    );
    return inserted.length > 0;
  }

  /** Records a member's advice; false when they have given advice on this referral before. */
  async insertAdvice(
    em: EntityManager,
    row: {
      id: string;
      referralId: string;
      memberUserId: string;
      adviceSealed: Buffer;
      createdAt: Date;
    },
  ): Promise<boolean> {
    const inserted: unknown[] = await em.query(
      `INSERT INTO report_advice (id, referral_id, member_user_id, advice_sealed, created_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (referral_id, member_user_id) DO NOTHING RETURNING id`,
      [row.id, row.referralId, row.memberUserId, row.adviceSealed, row.createdAt],
    );
    return inserted.length > 0;
  }

  /** The member's own advice on the referral, if given. */
  async adviceOf(
    em: EntityManager,
    referralId: string,
    memberUserId: string,
  ): Promise<AdviceRow | undefined> {
    const [row]: AdviceRow[] = await em.query(
      `SELECT id, advice_sealed, created_at FROM report_advice
        WHERE referral_id = $1 AND member_user_id = $2`,
      [referralId, memberUserId],
    );
    return row;
  }

  /** A step in the case's history (never content). */
  async addEvent(
    em: EntityManager,
    reportId: string,
    kind: string,
    actorUserId: string | null,
    at: Date,
  ): Promise<void> {
    await em.query(
      `INSERT INTO report_events (report_id, kind, actor_user_id, at) VALUES ($1, $2, $3, $4)`,
      [reportId, kind, actorUserId, at],
    );
  }
}
