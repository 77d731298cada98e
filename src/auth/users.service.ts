import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../database/returning.js';
import type { AuthenticatedUser, Role } from './roles.js';

export interface SignedInUser extends AuthenticatedUser {
  displayName: string;
  kind: 'citizen' | 'staff';
  /** The interpreter's public number, when this citizen is in the register. */
  interpreterNumber: number | null;
}

@Injectable()
export class UsersService {
  /**
   * The user behind an ID-porten login, created at the first sign-in. Every
   * citizen who signs in has the interpreter role (applying, keeping a
   * profile); what they may see is limited to their own data elsewhere.
   */
  async citizen(em: EntityManager, nationalId: string, name: string): Promise<string> {
    const [row]: Array<{ id: string }> = await em.query(
      `INSERT INTO users (national_id, display_name, last_login_at) VALUES ($1, $2, now())
       ON CONFLICT (national_id) DO UPDATE SET display_name = EXCLUDED.display_name, last_login_at = now()
       RETURNING id`,
      [nationalId, name.slice(0, 200)],
    );
    await em.query(
      `INSERT INTO user_roles (user_id, role) VALUES ($1, 'interpreter') ON CONFLICT DO NOTHING`,
      [row.id],
    );
    return row.id;
  }

  /** A staff user known to the register with at least one role, or null: unknown staff are refused. */
  async staff(em: EntityManager, subject: string): Promise<string | null> {
    const [row] = returnedRows<{ id: string }>(
      await em.query(
        `UPDATE users u SET last_login_at = now()
        WHERE u.staff_subject = $1 AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id)
        RETURNING u.id`,
        [subject],
      ),
    );
    return row?.id ?? null;
  }

  async load(em: EntityManager, userId: string): Promise<SignedInUser | null> {
    const [row]: Array<{
      id: string;
      display_name: string;
      staff_subject: string | null;
      roles: Role[];
      interpreter_number: number | null;
    }> = await em.query(
      `SELECT u.id, u.display_name, u.staff_subject,
              COALESCE(array_agg(r.role::text ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles,
              (SELECT i.interpreter_number FROM interpreters i WHERE i.national_id = u.national_id) AS interpreter_number
         FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
        WHERE u.id = $1
        GROUP BY u.id`,
      [userId],
    );
    if (!row) return null;
    return {
      id: row.id,
      displayName: row.display_name,
      kind: row.staff_subject ? 'staff' : 'citizen',
      roles: row.roles,
      interpreterNumber: row.interpreter_number,
    };
  }
}
