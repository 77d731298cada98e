import type { DataSource, EntityManager } from 'typeorm';
import type { Availability, Gender, Modality } from '../../src/interpreters/interpreter.js';
import { syntheticNationalId } from '../../src/interpreters/national-id.js';
import { foldForSearch } from '../../src/interpreters/search-text.js';
import { deriveCategory, type Category, type EvidenceKind } from '../../src/register/category.js';
import type { EntryStatus } from '../../src/register/entry-status.js';

export interface EntrySpec {
  language: string;
  category: Category;
  status?: EntryStatus;
}

export interface InterpreterSpec {
  givenName?: string;
  familyName?: string;
  gender?: Gender | null;
  county?: string;
  municipality?: string;
  availability?: Availability;
  modalities?: Modality[];
  email?: string | null;
  emailPublic?: boolean;
  phone?: string | null;
  phonePublic?: boolean;
  entries: EntrySpec[];
}

export interface CreatedInterpreter {
  id: string;
  interpreterNumber: number;
  nationalId: string;
  name: string;
}

/** Evidence that supports exactly the wanted category. */
const EVIDENCE: Record<Category, EvidenceKind[]> = {
  A: ['state_authorisation', 'bachelor_interpreting'],
  B: ['bachelor_interpreting'],
  C: ['state_authorisation'],
  D: ['basic_course'],
  E: ['bilingual_test'],
};

let sequence = 0;

function nextNationalId(gender: Gender | null): string {
  for (;;) {
    sequence++;
    const birth = new Date(Date.UTC(1960 + (sequence % 40), sequence % 12, 1 + (sequence % 28)));
    const id = syntheticNationalId(birth, gender ?? 'female', Math.floor(sequence / 7));
    if (id) return id;
  }
}

/** Where SQL can run: the data source, a transaction's entity manager or a query runner. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Inserts an interpreter with evidence and entries, as an approved
 * application would leave them: in one transaction, so the person gets one
 * card for all their languages.
 */
export async function createInterpreter(
  ds: DataSource,
  spec: InterpreterSpec,
): Promise<CreatedInterpreter> {
  return ds.transaction((em) => insertInterpreter(em, spec));
}

async function insertInterpreter(
  ds: EntityManager,
  spec: InterpreterSpec,
): Promise<CreatedInterpreter> {
  const givenName = spec.givenName ?? 'Test';
  const familyName = spec.familyName ?? `Person${sequence}`;
  const gender = spec.gender === undefined ? 'female' : spec.gender;
  const nationalId = nextNationalId(gender);
  const [row]: Array<{ id: string; interpreter_number: number }> = await ds.query(
    `INSERT INTO interpreters (national_id, given_name, family_name, search_text, sort_key, gender,
       county_code, municipality, email, email_public, phone, phone_public, availability, modalities)
     VALUES ($1, $2, $3, $4, $5, $6::gender, $7, $8, $9, $10, $11, $12, $13::availability, $14::modality[])
     RETURNING id, interpreter_number`,
    [
      nationalId,
      givenName,
      familyName,
      foldForSearch(`${givenName} ${familyName}`),
      foldForSearch(`${familyName} ${givenName}`),
      gender,
      spec.county ?? '03',
      spec.municipality ?? 'Oslo',
      spec.email === undefined
        ? `${foldForSearch(givenName + familyName).replace(/ /g, '')}.${sequence}@tolk.example`
        : spec.email,
      spec.emailPublic ?? true,
      spec.phone === undefined
        ? `+47 4${String(1_000_000 + sequence).padStart(7, '0')}`
        : spec.phone,
      spec.phonePublic ?? true,
      spec.availability ?? 'part_time',
      spec.modalities ?? ['on_site'],
    ],
  );
  let needsTao = false;
  for (const entry of spec.entries) {
    const kinds = EVIDENCE[entry.category];
    if (entry.category === 'E') needsTao = true;
    for (const kind of kinds) {
      await ds.query(
        `INSERT INTO qualification_evidence (interpreter_id, language_code, kind, obtained_on)
         VALUES ($1, $2, $3::evidence_kind, '2015-06-01')`,
        [row.id, entry.language, kind],
      );
    }
    const category = deriveCategory(entry.category === 'E' ? [...kinds, 'tao_course'] : kinds);
    await ds.query(
      `INSERT INTO register_entries (interpreter_id, language_code, category, status, registered_on)
       VALUES ($1, $2, $3::category, $4::entry_status, '2020-01-15')`,
      [row.id, entry.language, category, entry.status ?? 'active'],
    );
  }
  if (needsTao) {
    await ds.query(
      `INSERT INTO qualification_evidence (interpreter_id, language_code, kind, obtained_on)
       VALUES ($1, NULL, 'tao_course', '2014-01-01')`,
      [row.id],
    );
  }
  return {
    id: row.id,
    interpreterNumber: row.interpreter_number,
    nationalId,
    name: `${givenName} ${familyName}`,
  };
}

/**
 * Sets the status of a person's entries, as a decision would: every entry, or
 * only the one in `language`. The triggers update the read model and the card.
 */
export async function setEntryStatus(
  db: Queryable,
  interpreterId: string,
  status: EntryStatus,
  language?: string,
): Promise<void> {
  await db.query(
    `UPDATE register_entries SET status = $2::entry_status
      WHERE interpreter_id = $1 AND ($3::text IS NULL OR language_code = $3)`,
    [interpreterId, status, language ?? null],
  );
}
