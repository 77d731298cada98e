import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InterpretersService } from '../interpreters/interpreters.service.js';
import type { AuthenticatedUser, Role } from './roles.js';
import { type CommitteeSeat, UsersRepository, type UserRow } from './users.repository.js';

export type { CommitteeSeat };

export interface SignedInUser extends AuthenticatedUser {
  displayName: string;
  kind: 'citizen' | 'staff';
  /** The interpreter's public number, when this citizen is in the register. */
  interpreterNumber: number | null;
}

/** A member of the directorate's staff, known by their subject at the staff login. */
export interface StaffMember {
  id: string;
  subject: string;
  displayName: string;
  roles: Role[];
  lastLoginAt: Date | null;
  /** Whether their own identity number is recorded (for conflicts of interest). */
  ownIdentityRecorded: boolean;
  /** Their seat on the advisory committee, if any (issue #11). */
  committeeSeat: CommitteeSeat | null;
  /** Their work e-mail, for deadline reminders (issue #11). */
  email: string | null;
}

/** Users and their roles, for sign-in, sessions, API tokens and staff administration. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly interpreters: InterpretersService,
  ) {}

  /**
   * The user behind an ID-porten login, created at the first sign-in. Every
   * citizen who signs in has the interpreter role (applying, keeping a
   * profile); what they may see is limited to their own data elsewhere.
   */
  async citizen(em: EntityManager, nationalId: string, name: string): Promise<string> {
    const userId = await this.users.upsertCitizen(em, nationalId, name.slice(0, 200));
    await this.users.grantRoles(em, userId, ['interpreter']);
    return userId;
  }

  /** A staff user known to the register with at least one role, or null: unknown staff are refused. */
  async staff(em: EntityManager, subject: string): Promise<string | null> {
    return (await this.users.touchStaff(em, subject)) ?? null;
  }

  async load(userId: string): Promise<SignedInUser | null> {
    const row = await this.users.user(userId);
    if (!row) return null;
    const interpreterNumber =
      row.national_id === null
        ? undefined
        : await this.interpreters.numberByNationalId(row.national_id);
    return {
      id: row.id,
      displayName: row.display_name,
      kind: row.staff_subject ? 'staff' : 'citizen',
      roles: row.roles,
      interpreterNumber: interpreterNumber ?? null,
    };
  }

  /** A citizen's identity number, for the population register and the register entry; never shown. */
  nationalIdOf(userId: string, em?: EntityManager): Promise<string | undefined> {
    return this.users.nationalIdOf(em ?? this.users.manager, userId);
  }

  /** A staff member's own identity number (recorded by an administrator), to stop them deciding their own case. */
  ownNationalIdOf(em: EntityManager, staffUserId: string): Promise<string | undefined> {
    return this.users.ownNationalIdOf(em, staffUserId);
  }

  /** Records (or clears) a staff member's own identity number, for conflict-of-interest checks. */
  setOwnNationalId(
    em: EntityManager,
    staffUserId: string,
    nationalId: string | null,
  ): Promise<void> {
    return this.users.setOwnNationalId(em, staffUserId, nationalId);
  }

  /** Holds the user's row until the caller's transaction ends, so their changes queue. */
  lock(em: EntityManager, userId: string): Promise<void> {
    return this.users.lock(em, userId);
  }

  async staffMembers(em: EntityManager): Promise<StaffMember[]> {
    return (await this.users.staff(em)).map(toStaffMember);
  }

  async staffMember(em: EntityManager, userId: string): Promise<StaffMember | undefined> {
    const row = await this.users.staffMember(em, userId);
    return row && toStaffMember(row);
  }

  async staffMemberBySubject(subject: string): Promise<StaffMember | undefined> {
    const row = await this.users.staffBySubject(subject);
    return row && toStaffMember(row);
  }

  /** A new staff user with these roles; undefined when the subject is taken. */
  async addStaff(
    em: EntityManager,
    subject: string,
    displayName: string,
    roles: readonly Role[],
  ): Promise<string | undefined> {
    const userId = await this.users.insertStaff(em, subject, displayName);
    if (userId !== undefined) await this.users.grantRoles(em, userId, roles);
    return userId;
  }

  /**
   * Locks a staff user's row until the caller's transaction ends, so role
   * changes apply one after the other; false when there is no such staff user.
   */
  lockStaff(em: EntityManager, userId: string): Promise<boolean> {
    return this.users.lockStaff(em, userId);
  }

  /**
   * How many other staff hold this committee seat; locks the seats until the
   * caller's transaction ends, so the count cannot change before it commits.
   */
  seatsTaken(em: EntityManager, seat: CommitteeSeat, exceptUserId: string): Promise<number> {
    return this.users.seatsTaken(em, seat, exceptUserId);
  }

  setCommitteeSeat(em: EntityManager, userId: string, seat: CommitteeSeat | null): Promise<void> {
    return this.users.setCommitteeSeat(em, userId, seat);
  }

  setStaffEmail(em: EntityManager, userId: string, email: string | null): Promise<void> {
    return this.users.setEmail(em, userId, email);
  }

  /** A staff member's committee seat (null: none, or not staff). */
  async committeeSeatOf(em: EntityManager, userId: string): Promise<CommitteeSeat | null> {
    return (await this.users.staffContact(em, userId))?.committee_seat ?? null;
  }

  /** A staff member's work e-mail (null: none recorded, or not staff). */
  async staffEmailOf(em: EntityManager, userId: string): Promise<string | null> {
    return (await this.users.staffContact(em, userId))?.email ?? null;
  }

  async replaceRoles(em: EntityManager, userId: string, roles: readonly Role[]): Promise<void> {
    await this.users.revokeAllRoles(em, userId);
    await this.users.grantRoles(em, userId, roles);
  }

  /**
   * The user's own account for their access request: name, roles, when it
   * was created and last signed in to, and (a citizen's own) identity number.
   */
  async accountOf(userId: string): Promise<
    | {
        id: string;
        displayName: string;
        kind: 'citizen' | 'staff';
        nationalId: string | null;
        roles: Role[];
        createdAt: Date;
        lastLoginAt: Date | null;
      }
    | undefined
  > {
    const row = await this.users.account(userId);
    return (
      row && {
        id: row.id,
        displayName: row.display_name,
        kind: row.staff_subject ? 'staff' : 'citizen',
        nationalId: row.national_id,
        roles: row.roles,
        createdAt: row.created_at,
        lastLoginAt: row.last_login_at,
      }
    );
  }

  /** Names, kinds and roles of these users (staff who acted on someone's data), by id. */
  async whoAre(
    ids: string[],
  ): Promise<Map<string, { name: string; kind: 'citizen' | 'staff'; roles: Role[] }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.users.usersByIds(ids);
    return new Map(
      rows.map((r) => [
        r.id,
        { name: r.display_name, kind: r.staff_subject ? 'staff' : 'citizen', roles: r.roles },
      ]),
    );
  }
}

function toStaffMember(row: UserRow): StaffMember {
  return {
    id: row.id,
    subject: row.staff_subject!,
    displayName: row.display_name,
    roles: row.roles,
    lastLoginAt: row.last_login_at,
    ownIdentityRecorded: row.has_own_national_id,
    committeeSeat: row.committee_seat,
    email: row.email,
  };
}
