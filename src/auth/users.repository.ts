import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '../database/returning.js';
import type { Role } from './roles.js';

/** A user with their roles (enum order). A citizen has a national_id, staff a staff_subject. */
export interface UserRow {
  id: string;
  display_name: string;
  national_id: string | null;
  staff_subject: string | null;
  last_login_at: Date | null;
  has_own_national_id: boolean;
  /** A committee member's seat (issue #11), staff only. */
  committee_seat: CommitteeSeat | null;
  /** A staff member's work e-mail (deadline reminders), staff only. */
  email: string | null;
  roles: Role[];
}

/** A seat on the advisory committee (issue #11): four members and four deputies. */
export type CommitteeSeat = 'member' | 'deputy';

/** Held while a seat is given, so two administrators cannot both fill the fourth. */
const COMMITTEE_SEATS_LOCK = 7_370_011;

/** The one place users meet their roles: every read of a user goes through it. */
const USER_SELECT = `
  SELECT u.id, u.display_name, u.national_id, u.staff_subject, u.last_login_at,
         u.own_national_id IS NOT NULL AS has_own_national_id, u.committee_seat, u.email,
         COALESCE(array_agg(r.role::text ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}')
           AS roles
    FROM users u LEFT JOIN user_roles r ON r.user_id = u.id`;

/** The only code that reads or writes users and user_roles. */
@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The pool, for reads outside a transaction. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async user(userId: string): Promise<UserRow | undefined> {
    const [row]: UserRow[] = await this.dataSource.query(
      `${USER_SELECT} WHERE u.id = $1 GROUP BY u.id`,
      [userId],
    );
    return row;
  }

  /** A staff user, read through `em` when the caller's transaction has just changed it. */
  async staffMember(em: EntityManager, userId: string): Promise<UserRow | undefined> {
    const [row]: UserRow[] = await em.query(
      `${USER_SELECT} WHERE u.id = $1 AND u.staff_subject IS NOT NULL GROUP BY u.id`,
      [userId],
    );
    return row;
  }

  async staffBySubject(subject: string): Promise<UserRow | undefined> {
    const [row]: UserRow[] = await this.dataSource.query(
      `${USER_SELECT} WHERE u.staff_subject = $1 GROUP BY u.id`,
      [subject],
    );
    return row;
  }

  /** Every staff user, by name. */
  staff(em: EntityManager): Promise<UserRow[]> {
    return em.query(
      `${USER_SELECT} WHERE u.staff_subject IS NOT NULL GROUP BY u.id ORDER BY u.display_name, u.id`,
    );
  }

  /** The citizen with this identity number, created at their first sign-in; signed in now. */
  async upsertCitizen(em: EntityManager, nationalId: string, displayName: string): Promise<string> {
    const [row]: Array<{ id: string }> = await em.query(
      `INSERT INTO users (national_id, display_name, last_login_at) VALUES ($1, $2, now())
       ON CONFLICT (national_id) DO UPDATE SET display_name = EXCLUDED.display_name, last_login_at = now()
       RETURNING id`,
      [nationalId, displayName],
    );
    return row.id;
  }

  /** Marks a staff user with at least one role as signed in now; undefined for anyone else. */
  async touchStaff(em: EntityManager, subject: string): Promise<string | undefined> {
    const [row] = returnedRows<{ id: string }>(
      await em.query(
        `UPDATE users u SET last_login_at = now()
          WHERE u.staff_subject = $1 AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id)
          RETURNING u.id`,
        [subject],
      ),
    );
    return row?.id;
  }

  /** A new staff user; undefined when one with this subject exists. */
  async insertStaff(
    em: EntityManager,
    subject: string,
    displayName: string,
  ): Promise<string | undefined> {
    const [row]: Array<{ id: string }> = await em.query(
      `INSERT INTO users (staff_subject, display_name) VALUES ($1, $2)
       ON CONFLICT (staff_subject) DO NOTHING RETURNING id`,
      [subject, displayName],
    );
    return row?.id;
  }

  /** Locks the user's row until the caller's transaction ends. */
  async lock(em: EntityManager, userId: string): Promise<void> {
    await em.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [userId]);
  }

  /** A citizen's identity number (staff have none here). */
  async nationalIdOf(em: EntityManager, userId: string): Promise<string | undefined> {
    const [row]: Array<{ national_id: string | null }> = await em.query(
      `SELECT national_id FROM users WHERE id = $1`,
      [userId],
    );
    return row?.national_id ?? undefined;
  }

  /** A staff member's own identity number, if recorded, for conflicts of interest. */
  async ownNationalIdOf(em: EntityManager, userId: string): Promise<string | undefined> {
    const [row]: Array<{ own_national_id: string | null }> = await em.query(
      `SELECT own_national_id FROM users WHERE id = $1 AND staff_subject IS NOT NULL`,
      [userId],
    );
    return row?.own_national_id ?? undefined;
  }

  async setOwnNationalId(
    em: EntityManager,
    userId: string,
    nationalId: string | null,
  ): Promise<void> {
    await em.query(`UPDATE users SET own_national_id = $2 WHERE id = $1`, [userId, nationalId]);
  }

  /** Locks a staff user's row until the caller's transaction ends; false if there is none. */
  async lockStaff(em: EntityManager, userId: string): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT id FROM users WHERE id = $1 AND staff_subject IS NOT NULL FOR UPDATE`,
      [userId],
    );
    return rows.length > 0;
  }

  /**
   * How many staff hold this committee seat, other than `exceptUserId`, with
   * the seats locked until the caller's transaction ends.
   */
  async seatsTaken(em: EntityManager, seat: CommitteeSeat, exceptUserId: string): Promise<number> {
    await em.query(`SELECT pg_advisory_xact_lock($1)`, [COMMITTEE_SEATS_LOCK]);
    const [row]: Array<{ n: number }> = await em.query(
      `SELECT count(*)::int AS n FROM users WHERE committee_seat = $1 AND id <> $2`,
      [seat, exceptUserId],
    );
    return row.n;
  }

  async setCommitteeSeat(
    em: EntityManager,
    userId: string,
    seat: CommitteeSeat | null,
  ): Promise<void> {
    await em.query(`UPDATE users SET committee_seat = $2 WHERE id = $1`, [userId, seat]);
  }

  async setEmail(em: EntityManager, userId: string, email: string | null): Promise<void> {
    await em.query(`UPDATE users SET email = $2 WHERE id = $1`, [userId, email]);
  }

  /** A staff member's seat and work e-mail (committee visibility, reminders). */
  async staffContact(
    em: EntityManager,
    userId: string,
  ): Promise<{ committee_seat: CommitteeSeat | null; email: string | null } | undefined> {
    const [row]: Array<{ committee_seat: CommitteeSeat | null; email: string | null }> =
      await em.query(
        `SELECT committee_seat, email FROM users WHERE id = $1 AND staff_subject IS NOT NULL`,
        [userId],
      );
    return row;
  }

  /** Adds roles the user does not have yet. */
  async grantRoles(em: EntityManager, userId: string, roles: readonly Role[]): Promise<void> {
    await em.query(
      `INSERT INTO user_roles (user_id, role) SELECT $1, unnest($2::app_role[])
       ON CONFLICT DO NOTHING`,
      [userId, roles],
    );
  }

  async revokeAllRoles(em: EntityManager, userId: string): Promise<void> {
    await em.query(`DELETE FROM user_roles WHERE user_id = $1`, [userId]);
  }

  /** A user's own account row, for their access request. */
  async account(userId: string): Promise<(UserRow & { created_at: Date }) | undefined> {
    const [row]: Array<UserRow & { created_at: Date }> = await this.dataSource.query(
      `SELECT u.id, u.display_name, u.national_id, u.staff_subject, u.last_login_at, u.created_at,
              COALESCE(array_agg(r.role::text ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}')
                AS roles
         FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
        WHERE u.id = $1 GROUP BY u.id`,
      [userId],
    );
    return row;
  }

  /** Users by id with their roles (the names of those who acted, in an access request). */
  usersByIds(ids: string[]): Promise<UserRow[]> {
    return this.dataSource.query(`${USER_SELECT} WHERE u.id = ANY($1::uuid[]) GROUP BY u.id`, [
      ids,
    ]);
  }
}
