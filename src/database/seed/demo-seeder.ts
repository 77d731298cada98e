import type { DataSource, EntityManager } from 'typeorm';
import { SYSTEM } from '../../audit/actor.js';
import type { AuditService } from '../../audit/audit.service.js';
import { syntheticNationalId } from '../../interpreters/national-id.js';
import { generateDemoRegister, type DemoOptions } from './demo-register.js';

const BATCH_ROWS = 1000;

/** A synthetic identity number for the demo staff member at `index` (born 1940, before every demo interpreter's). */
function demoStaffNationalId(index: number): string {
  for (let seed = index + 1; ; seed += DEMO_STAFF.length) {
    const id = syntheticNationalId(new Date(Date.UTC(1940, index % 12, 10)), 'female', seed);
    if (id) return id;
  }
}

/**
 * Demo staff: subject at the staff identity provider, name, roles in the
 * register, work e-mail (deadline reminders) and committee seat. Two members
 * and a deputy show the committee's rule: the deputy sees a referral only
 * when a member has declared a conflict on it.
 */
const DEMO_STAFF: Array<[string, string, string[], string, 'member' | 'deputy' | null]> = [
  [
    'demo-saksbehandler-1',
    'Siri Saksbehandler',
    ['case_handler'],
    'siri.saksbehandler@imdi.example',
    null,
  ],
  [
    'demo-saksbehandler-2',
    'Per Saksbehandler',
    ['case_handler'],
    'per.saksbehandler@imdi.example',
    null,
  ],
  [
    'demo-utvalg-1',
    'Unni Utvalgsmedlem',
    ['committee_member'],
    'unni.utvalgsmedlem@imdi.example',
    'member',
  ],
  ['demo-utvalg-2', 'Magnus Medlem', ['committee_member'], 'magnus.medlem@imdi.example', 'member'],
  [
    'demo-utvalg-vara-1',
    'Vera Varamedlem',
    ['committee_member'],
    'vera.varamedlem@imdi.example',
    'deputy',
  ],
  [
    'demo-admin-1',
    'Arne Administrator',
    ['administrator', 'case_handler'],
    'arne.administrator@imdi.example',
    null,
  ],
];

async function insertBatches<T>(
  em: EntityManager,
  table: string,
  columns: string[],
  rows: T[],
  values: (row: T) => unknown[],
  casts: Record<string, string> = {},
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const placeholders = values(row).map((v, i) => {
        params.push(v);
        const cast = casts[columns[i]];
        return cast ? `$${params.length}::${cast}` : `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await em.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    );
  }
}

export interface SeedResult {
  persons: number;
  entries: number;
  evidence: number;
  /** What the public sees: entries in force and the persons holding them. */
  entriesInForce: number;
  personsInForce: number;
}

/** Writes a synthetic register in one transaction: all of it or nothing. */
export async function seedDemoRegister(
  dataSource: DataSource,
  options: DemoOptions = {},
  audit?: AuditService,
): Promise<SeedResult> {
  const register = generateDemoRegister(options);
  await dataSource.transaction(async (em) => {
    await insertBatches(
      em,
      'interpreters',
      [
        'id',
        'national_id',
        'given_name',
        'family_name',
        'search_text',
        'sort_key',
        'gender',
        'county_code',
        'municipality',
        'email',
        'email_public',
        'phone',
        'phone_public',
        'availability',
        'modalities',
      ],
      register.persons,
      (p) => [
        p.id,
        p.nationalId,
        p.givenName,
        p.familyName,
        p.searchText,
        p.sortKey,
        p.gender,
        p.countyCode,
        p.municipality,
        p.email,
        p.emailPublic,
        p.phone,
        p.phonePublic,
        p.availability,
        p.modalities,
      ],
      { gender: 'gender', availability: 'availability', modalities: 'modality[]' },
    );
    await insertBatches(
      em,
      'qualification_evidence',
      ['interpreter_id', 'language_code', 'kind', 'obtained_on', 'issuer'],
      register.evidence,
      (e) => [e.interpreterId, e.languageCode, e.kind, e.obtainedOn, e.issuer],
      { kind: 'evidence_kind', obtained_on: 'date' },
    );
    await insertBatches(
      em,
      'register_entries',
      ['interpreter_id', 'language_code', 'category', 'status', 'registered_on'],
      register.entries,
      (e) => [e.interpreterId, e.languageCode, e.category, e.status, e.registeredOn],
      { category: 'category', status: 'entry_status', registered_on: 'date' },
    );
    // Directorate staff to sign in as with the built-in test identity provider.
    for (const [i, [subject, name, roles, email, seat]] of DEMO_STAFF.entries()) {
      // A case handler's own identity number is recorded, so that nobody handles a
      // report about themselves: synthetic, born in 1940, never a demo interpreter's.
      const own = roles.includes('case_handler') ? demoStaffNationalId(i) : null;
      const rows: Array<{ id: string }> = await em.query(
        `INSERT INTO users (staff_subject, display_name, email, committee_seat, own_national_id)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (staff_subject) DO UPDATE SET display_name = EXCLUDED.display_name,
           email = EXCLUDED.email, committee_seat = EXCLUDED.committee_seat,
           own_national_id = coalesce(users.own_national_id, EXCLUDED.own_national_id)
         RETURNING id`,
        [subject, name, email, seat, own],
      );
      for (const role of roles) {
        await em.query(
          `INSERT INTO user_roles (user_id, role) VALUES ($1, $2::app_role) ON CONFLICT DO NOTHING`,
          [rows[0].id, role],
        );
      }
    }
    await audit?.record(em, SYSTEM, {
      action: 'register.demo_seeded',
      details: {
        persons: register.persons.length,
        entries: register.entries.length,
        scale: options.scale ?? 1,
        seed: options.seed ?? 2021,
      },
    });
  });
  // Fresh statistics and visibility maps, so the first searches get good plans
  // and index-only counts. (Autovacuum would get there too, later.)
  await dataSource.query('VACUUM ANALYZE');
  const inForce = register.entries.filter((e) => e.status === 'active');
  return {
    persons: register.persons.length,
    entries: register.entries.length,
    evidence: register.evidence.length,
    entriesInForce: inForce.length,
    personsInForce: new Set(inForce.map((e) => e.interpreterId)).size,
  };
}

/**
 * Deletes every interpreter and everything that hangs on them (evidence,
 * entries, the read model, photos, cards), before a new demo register.
 */
export async function emptyRegister(dataSource: DataSource): Promise<void> {
  await dataSource.query(`TRUNCATE interpreters CASCADE`);
}

export async function registerIsEmpty(dataSource: DataSource): Promise<boolean> {
  const rows: unknown[] = await dataSource.query(`SELECT 1 FROM interpreters LIMIT 1`);
  return rows.length === 0;
}
