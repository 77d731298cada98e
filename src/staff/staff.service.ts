import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import type { Role } from '../auth/roles.js';
import { DomainError } from '../common/problem.js';
import type { CreateStaffDto, StaffDto } from './dto/staff.dto.js';

interface StaffRow {
  id: string;
  staff_subject: string;
  display_name: string;
  roles: Role[];
  last_login_at: Date | null;
}

const STAFF_COLUMNS = `u.id, u.staff_subject, u.display_name, u.last_login_at,
  COALESCE(array_agg(r.role::text ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles`;

function toDto(row: StaffRow): StaffDto {
  return {
    id: row.id,
    subject: row.staff_subject,
    displayName: row.display_name,
    roles: row.roles,
    lastLoginAt: row.last_login_at ? new Date(row.last_login_at).toISOString() : null,
  };
}

/** The directorate's staff and their roles, managed by administrators. */
@Injectable()
export class StaffService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Names and roles are personal data: a staff member reading them is audited. */
  async list(actor: Actor): Promise<StaffDto[]> {
    return this.dataSource.transaction(async (em) => {
      const rows: StaffRow[] = await em.query(
        `SELECT ${STAFF_COLUMNS} FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
          WHERE u.staff_subject IS NOT NULL GROUP BY u.id ORDER BY u.display_name, u.id`,
      );
      await this.audit.record(em, actor, {
        action: 'staff.listed',
        subjectType: 'user',
        details: { count: rows.length },
      });
      return rows.map(toDto);
    });
  }

  async create(dto: CreateStaffDto, actor: Actor): Promise<StaffDto> {
    return this.dataSource.transaction(async (em) => {
      const rows: Array<{ id: string }> = await em.query(
        `INSERT INTO users (staff_subject, display_name) VALUES ($1, $2)
         ON CONFLICT (staff_subject) DO NOTHING RETURNING id`,
        [dto.subject, dto.displayName],
      );
      if (rows.length === 0) {
        throw new DomainError(
          'STAFF_EXISTS',
          'A staff user with this subject exists.',
          HttpStatus.CONFLICT,
        );
      }
      await this.setRoles(em, rows[0].id, dto.roles);
      await this.audit.record(em, actor, {
        action: 'staff.created',
        subjectType: 'user',
        subjectId: rows[0].id,
        details: { roles: [...dto.roles].sort() },
      });
      return this.load(em, rows[0].id);
    });
  }

  async replaceRoles(userId: string, roles: Role[], actor: Actor): Promise<StaffDto> {
    return this.dataSource.transaction(async (em) => {
      // Lock the user row: concurrent role changes apply one after the other.
      const [user]: Array<{ id: string }> = await em.query(
        `SELECT id FROM users WHERE id = $1 AND staff_subject IS NOT NULL FOR UPDATE`,
        [userId],
      );
      if (!user)
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
      const before = (await this.load(em, userId)).roles;
      await em.query(`DELETE FROM user_roles WHERE user_id = $1`, [userId]);
      await this.setRoles(em, userId, roles);
      await this.audit.record(em, actor, {
        action: 'staff.roles_changed',
        subjectType: 'user',
        subjectId: userId,
        details: { before, after: [...roles].sort() },
      });
      return this.load(em, userId);
    });
  }

  private async setRoles(em: EntityManager, userId: string, roles: Role[]): Promise<void> {
    for (const role of roles) {
      await em.query(`INSERT INTO user_roles (user_id, role) VALUES ($1, $2::app_role)`, [
        userId,
        role,
      ]);
    }
  }

  private async load(em: EntityManager, userId: string): Promise<StaffDto> {
    const [row]: StaffRow[] = await em.query(
      `SELECT ${STAFF_COLUMNS} FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
        WHERE u.id = $1 GROUP BY u.id`,
      [userId],
    );
    return toDto(row);
  }
}
