import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { countyByCode } from '../geography/counties.js';
import { InterpretersService, type PublicPerson } from '../interpreters/interpreters.service.js';
import { LanguagesService } from '../languages/languages.service.js';
import type { Category, EvidenceKind } from './category.js';
import type { EntryStatus } from './entry-status.js';
import type {
  InterpreterPageDto,
  InterpreterProfileDto,
  PublicEntryDto,
} from './dto/interpreter-profile.dto.js';
import type { SearchInterpretersQuery } from './dto/search-interpreters.query.js';
import { InterpreterNotFoundError, UnknownLanguageError } from './register.errors.js';
import { publicEntries } from './public-entries.js';
import { RegisterRepository } from './register.repository.js';
import { MAX_INTERPRETER_NUMBER, searchSql } from './search-sql.js';

/** An entry to grant: the language, its category and the date of the decision. */
export interface EntryGrant {
  languageCode: string;
  category: Category;
  /** YYYY-MM-DD */
  registeredOn: string;
}

/** One piece of qualification evidence; language-independent kinds (the TAO course) have none. */
export interface EvidenceItem {
  languageCode: string | null;
  kind: EvidenceKind;
  /** YYYY-MM-DD */
  obtainedOn: string;
  issuer: string | null;
  /** For a qualification from another EEA state or Switzerland: where it was issued. */
  issuingCountry?: string | null;
}

/** An entry a person holds, in any status. */
export interface HeldEntry {
  languageCode: string;
  category: Category;
  status: EntryStatus;
}

/**
 * The register: its public side (active entries only, and of the persons
 * only what InterpretersService hands out as public), and the writes a
 * decision or an import makes, in the caller's transaction.
 */
@Injectable()
export class RegisterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly register: RegisterRepository,
    private readonly interpreters: InterpretersService,
    private readonly languages: LanguagesService,
  ) {}

  /**
   * Grants an entry in the caller's transaction: a new one, or the existing
   * entry for that language with the new category and active again. The
   * caller audits the decision; the database's triggers update the public
   * read model at once and the person's card at commit.
   */
  grantEntry(
    em: EntityManager,
    interpreterId: string,
    entry: EntryGrant,
  ): Promise<'created' | 'updated'> {
    return this.register.upsertEntry(em, interpreterId, entry);
  }

  /** Records the evidence behind a decision, in the caller's transaction. */
  async recordEvidence(
    em: EntityManager,
    interpreterId: string,
    items: EvidenceItem[],
  ): Promise<void> {
    await this.register.insertEvidence(
      em,
      interpreterId,
      items.map((i) => ({
        language_code: i.languageCode,
        kind: i.kind,
        obtained_on: i.obtainedOn,
        issuer: i.issuer,
        issuing_country: i.issuingCountry ?? null,
      })),
    );
  }

  /** Every entry of these persons, in any status, keyed by person, read in the caller's transaction. */
  async entriesOf(em: EntityManager, interpreterIds: string[]): Promise<Map<string, HeldEntry[]>> {
    const held = new Map<string, HeldEntry[]>();
    if (interpreterIds.length === 0) return held;
    for (const row of await this.register.entriesOf(em, interpreterIds)) {
      const list = held.get(row.interpreter_id) ?? [];
      list.push({ languageCode: row.language_code, category: row.category, status: row.status });
      held.set(row.interpreter_id, list);
    }
    return held;
  }

  async search(query: SearchInterpretersQuery): Promise<InterpreterPageDto> {
    if (query.language !== undefined && !(await this.languages.exists(query.language))) {
      throw new UnknownLanguageError(query.language);
    }
    const statements = searchSql(query);
    const { page, pageSize } = statements;
    // Read before the transaction: inside it, a read through the pool would
    // wait for the embedded database's one connection, which it holds.
    const languageOf = await this.languages.lookup();

    // One snapshot for the count, the page and the details, so a change
    // committed in between cannot make them disagree.
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const { total, matches } = await this.register.search(em, statements);
      const ids = matches.map((m) => m.interpreter_id);
      const persons = await this.interpreters.publicPersons(em, ids);
      const entries = publicEntries(await this.register.activeEntries(em, ids), languageOf);
      return {
        items: matches.flatMap((m) => {
          const person = persons.get(m.interpreter_id);
          return person ? [toProfile(person, m.best, entries.get(m.interpreter_id) ?? [])] : [];
        }),
        page,
        pageSize,
        total,
        totalPages: Math.ceil(total / pageSize),
      };
    });
  }

  /** The public profile; 404 unless the person has at least one active entry. */
  async profile(interpreterNumber: number): Promise<InterpreterProfileDto> {
    if (!Number.isSafeInteger(interpreterNumber) || interpreterNumber > MAX_INTERPRETER_NUMBER) {
      throw new InterpreterNotFoundError();
    }
    const person = await this.interpreters.publicPerson(interpreterNumber);
    if (!person) throw new InterpreterNotFoundError();
    const rows = await this.register.activeEntries(this.dataSource.manager, [person.id]);
    const entries = publicEntries(rows, await this.languages.lookup()).get(person.id) ?? [];
    if (entries.length === 0) throw new InterpreterNotFoundError();
    return toProfile(person, entries[0].category, entries);
  }

  /** A person's entries in every status and their evidence, for their own access request. */
  async recordOf(interpreterId: string) {
    const em = this.dataSource.manager;
    const entries = await this.register.entriesForExport(interpreterId, em);
    const evidence = await this.register.evidenceOf(interpreterId, em);
    return {
      entries: entries.map((e) => ({
        languageCode: e.language_code,
        category: e.category,
        status: e.status,
        registeredOn: e.registered_on,
        createdAt: new Date(e.created_at).toISOString(),
        updatedAt: new Date(e.updated_at).toISOString(),
      })),
      evidence: evidence.map((e) => ({
        languageCode: e.language_code,
        kind: e.kind,
        obtainedOn: e.obtained_on,
        issuer: e.issuer,
        issuingCountry: e.issuing_country,
        recordedAt: new Date(e.created_at).toISOString(),
      })),
    };
  }
}

function toProfile(
  person: PublicPerson,
  best: Category,
  entries: PublicEntryDto[],
): InterpreterProfileDto {
  const county = countyByCode(person.countyCode);
  return {
    interpreterNumber: person.interpreterNumber,
    name: `${person.givenName} ${person.familyName}`,
    givenName: person.givenName,
    familyName: person.familyName,
    gender: person.gender,
    county: { code: person.countyCode, name: county?.name ?? person.countyCode },
    municipality: person.municipality,
    availability: person.availability,
    modalities: person.modalities,
    contact: {
      ...(person.publicEmail ? { email: person.publicEmail } : {}),
      ...(person.publicPhone ? { phone: person.publicPhone } : {}),
    },
    workCounties: person.workCounties.map((code) => ({
      code,
      name: countyByCode(code)?.name ?? code,
    })),
    publicNote: person.publicNote,
    bestCategory: best,
    entries,
  };
}
