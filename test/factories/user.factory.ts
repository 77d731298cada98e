import type { DataSource } from 'typeorm';
import type { Role } from '../../src/auth/roles.js';
import { syntheticNationalId } from '../../src/interpreters/national-id.js';
import { SessionsService } from '../../src/auth/sessions.service.js';
import type { TestApp } from '../setup/test-app.js';

// Users and sessions as sign-in leaves them (the sign-in itself is tested in
// sign-in.e2e-spec), so that a test can start signed in.

export type StaffRole = Exclude<Role, 'interpreter'>;

/** A citizen after their first ID-porten login: a user with the interpreter role. */
export async function createCitizenUser(
  ds: DataSource,
  nationalId: string,
  displayName: string,
): Promise<string> {
  return createUser(ds, 'national_id', nationalId, displayName, ['interpreter']);
}

/**
 * A staff member as an administrator adds them: known by their subject at the
 * staff login, with these roles (with none, the staff login refuses them).
 */
export async function createStaffUser(
  ds: DataSource,
  subject: string,
  displayName: string,
  roles: StaffRole[],
): Promise<string> {
  const id = await createUser(ds, 'staff_subject', subject, displayName, roles);
  // A case handler's own identity number is recorded (reports need it, so that nobody
  // handles a report about themselves): someone born in the 1950s, whom no factory
  // makes an interpreter.
  if (roles.includes('case_handler')) {
    await ds.query(`UPDATE users SET own_national_id = $2 WHERE id = $1`, [id, staffNationalId()]);
  }
  return id;
}

let staffSequence = 0;
function staffNationalId(): string {
  for (;;) {
    staffSequence++;
    const birth = new Date(
      Date.UTC(1950 + (staffSequence % 10), staffSequence % 12, 1 + (staffSequence % 28)),
    );
    const id = syntheticNationalId(birth, 'female', Math.floor(staffSequence / 3) % 400);
    if (id) return id;
  }
}

async function createUser(
  ds: DataSource,
  identifiedBy: 'national_id' | 'staff_subject',
  identifier: string,
  displayName: string,
  roles: Role[],
): Promise<string> {
  const [user]: Array<{ id: string }> = await ds.query(
    `INSERT INTO users (${identifiedBy}, display_name) VALUES ($1, $2) RETURNING id`,
    [identifier, displayName],
  );
  for (const role of roles) {
    await ds.query(`INSERT INTO user_roles (user_id, role) VALUES ($1, $2::app_role)`, [
      user.id,
      role,
    ]);
  }
  return user.id;
}

/**
 * A new session for the user, as a login through the provider starts it.
 * Returns the session token, the value of the tr_session cookie.
 */
export function sessionFor(
  t: TestApp,
  userId: string,
  provider: 'idporten' | 'staff',
): Promise<string> {
  return t.app
    .get(SessionsService)
    .create(
      t.dataSource.manager,
      userId,
      provider,
      provider === 'idporten' ? 'idporten-loa-substantial' : null,
    );
}

/** A citizen with the interpreter role, signed in through ID-porten: the session token. */
export async function interpreterSession(
  t: TestApp,
  nationalId: string,
  displayName: string,
): Promise<string> {
  return sessionFor(t, await createCitizenUser(t.dataSource, nationalId, displayName), 'idporten');
}

/** A staff member with these roles, signed in through the staff login. */
export async function staffSession(
  t: TestApp,
  subject: string,
  displayName: string,
  roles: StaffRole[],
): Promise<{ userId: string; session: string }> {
  const userId = await createStaffUser(t.dataSource, subject, displayName, roles);
  return { userId, session: await sessionFor(t, userId, 'staff') };
}
