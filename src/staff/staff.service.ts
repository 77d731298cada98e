import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import type { Role } from '../auth/roles.js';
import { type StaffMember, UsersService } from '../auth/users.service.js';
import { DomainError, InvalidInputError } from '../common/problem.js';
import { isValidNationalId } from '../interpreters/national-id.js';
import type { CreateStaffDto, StaffDetailsDto, StaffDto } from './dto/staff.dto.js';

/** The advisory committee has four members and four deputies (issue #11). */
export const COMMITTEE_SEATS = 4;

function toDto(member: StaffMember): StaffDto {
  return {
    id: member.id,
    subject: member.subject,
    displayName: member.displayName,
    roles: member.roles,
    lastLoginAt: member.lastLoginAt ? new Date(member.lastLoginAt).toISOString() : null,
    ownIdentityRecorded: member.ownIdentityRecorded,
    committeeSeat: member.committeeSeat,
    email: member.email,
  };
}

/** The directorate's staff and their roles, managed by administrators. */
@Injectable()
export class StaffService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  /** Names and roles are personal data: a staff member reading them is audited. */
  async list(actor: Actor): Promise<StaffDto[]> {
    return this.dataSource.transaction(async (em) => {
      const members = await this.users.staffMembers(em);
      await this.audit.record(em, actor, {
        action: 'staff.listed',
        subjectType: 'user',
        details: { count: members.length },
      });
      return members.map(toDto);
    });
  }

  async create(dto: CreateStaffDto, actor: Actor): Promise<StaffDto> {
    return this.dataSource.transaction(async (em) => {
      const userId = await this.users.addStaff(em, dto.subject, dto.displayName, dto.roles);
      if (userId === undefined) {
        throw new DomainError(
          'STAFF_EXISTS',
          'A staff user with this subject exists.',
          HttpStatus.CONFLICT,
        );
      }
      await this.audit.record(em, actor, {
        action: 'staff.created',
        subjectType: 'user',
        subjectId: userId,
        details: { roles: [...dto.roles].sort() },
      });
      return toDto((await this.users.staffMember(em, userId))!);
    });
  }

  /**
   * Records (or clears) a staff member's own identity number, so that they
   * are kept out of any case about themselves. Audited without the number.
   */
  async setOwnNationalId(
    userId: string,
    nationalId: string | null,
    actor: Actor,
  ): Promise<StaffDto> {
    if (nationalId !== null && !isValidNationalId(nationalId)) {
      throw new InvalidInputError([
        { field: 'nationalId', message: 'not a valid identity number' },
      ]);
    }
    return this.dataSource.transaction(async (em) => {
      if (!(await this.users.lockStaff(em, userId))) {
        throw new DomainError(
          'STAFF_NOT_FOUND',
          'No staff user with this id.',
          HttpStatus.NOT_FOUND,
        );
      }
      await this.users.setOwnNationalId(em, userId, nationalId);
      await this.audit.record(em, actor, {
        action: 'staff.identity_recorded',
        subjectType: 'user',
        subjectId: userId,
        details: { recorded: nationalId !== null },
      });
      return toDto((await this.users.staffMember(em, userId))!);
    });
  }

  async replaceRoles(userId: string, roles: Role[], actor: Actor): Promise<StaffDto> {
    return this.dataSource.transaction(async (em) => {
      if (!(await this.users.lockStaff(em, userId)))
        throw new DomainError(
          'STAFF_NOT_FOUND',
          'No staff user with this id.',
          HttpStatus.NOT_FOUND,
        );
      if (userId === actor.userId && !roles.includes('administrator')) {
        throw new DomainError(
          'CANNOT_REMOVE_OWN_ADMIN',
          'You cannot take the administrator role from yourself; ask another administrator.',
          HttpStatus.CONFLICT,
        );
      }
      const member = (await this.users.staffMember(em, userId))!;
      const before = member.roles;
      await this.users.replaceRoles(em, userId, roles);
      // A seat on the committee goes with the role.
      if (member.committeeSeat !== null && !roles.includes('committee_member')) {
        await this.users.setCommitteeSeat(em, userId, null);
        await this.audit.record(em, actor, {
          action: 'staff.committee_seat_changed',
          subjectType: 'user',
          subjectId: userId,
          details: { before: member.committeeSeat, after: null },
        });
      }
      await this.audit.record(em, actor, {
        action: 'staff.roles_changed',
        subjectType: 'user',
        subjectId: userId,
        details: { before, after: [...roles].sort() },
      });
      return toDto((await this.users.staffMember(em, userId))!);
    });
  }

  /**
   * Gives or takes a seat on the advisory committee and sets the work e-mail
   * (issue #11). A seat needs the committee_member role (409
   * COMMITTEE_ROLE_REQUIRED); a fifth member or deputy is 409 COMMITTEE_FULL.
   * Audited as `staff.committee_seat_changed` with the seat before and after
   * and whether the e-mail changed (never the address itself).
   */
  async updateDetails(userId: string, dto: StaffDetailsDto, actor: Actor): Promise<StaffDto> {
    return this.dataSource.transaction(async (em) => {
      if (!(await this.users.lockStaff(em, userId))) {
        throw new DomainError(
          'STAFF_NOT_FOUND',
          'No staff user with this id.',
          HttpStatus.NOT_FOUND,
        );
      }
      const member = (await this.users.staffMember(em, userId))!;
      const seat = dto.committeeSeat === undefined ? member.committeeSeat : dto.committeeSeat;
      const email = dto.email === undefined ? member.email : (dto.email?.trim() ?? null);
      const seatChanged = seat !== member.committeeSeat;
      const emailChanged = email !== member.email;
      if (!seatChanged && !emailChanged) return toDto(member);
      if (seatChanged && seat !== null) {
        if (!member.roles.includes('committee_member')) {
          throw new DomainError(
            'COMMITTEE_ROLE_REQUIRED',
            'A seat on the committee needs the committee_member role; give the role first.',
            HttpStatus.CONFLICT,
            [{ field: 'committeeSeat', message: 'needs the committee_member role' }],
          );
        }
        if ((await this.users.seatsTaken(em, seat, userId)) >= COMMITTEE_SEATS) {
          throw new DomainError(
            'COMMITTEE_FULL',
            `The committee already has ${COMMITTEE_SEATS} ${seat === 'member' ? 'members' : 'deputies'}; take a seat from someone first.`,
            HttpStatus.CONFLICT,
            [{ field: 'committeeSeat', message: 'all seats of this kind are taken' }],
          );
        }
      }
      if (seatChanged) await this.users.setCommitteeSeat(em, userId, seat);
      if (emailChanged) await this.users.setStaffEmail(em, userId, email);
      await this.audit.record(em, actor, {
        action: 'staff.committee_seat_changed',
        subjectType: 'user',
        subjectId: userId,
        details: { before: member.committeeSeat, after: seat, emailChanged },
      });
      return toDto((await this.users.staffMember(em, userId))!);
    });
  }
}
