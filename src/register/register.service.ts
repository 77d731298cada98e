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
import {
  InterpreterNotFoundError,
  NoAuthorisationError,
  NoEntriesInForceError,
  UnknownLanguageError,
} from './register.errors.js';
import { InvalidInputError } from '../common/problem.js';
import { CATEGORIES, deriveCategory } from './category.js';
import { publicEntries } from './public-entries.js';
import {
  RegisterRepository,
  type RestrictionKind,
  type RestrictionRow,
} from './register.repository.js';
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

/** A temporary exclusion, an exclusion for a period, or a permanent one (issue #11). */
export interface RestrictionInput {
  interpreterId: string;
  reportId: string | null;
  kind: RestrictionKind;
  /** YYYY-MM-DD: today in Oslo, as the caller's clock says. */
  startsOn: string;
  /** YYYY-MM-DD, the first day the interpreter is back; null for a permanent exclusion. */
  endsOn: string | null;
  createdBy: string | null;
}

/** A restriction as the register keeps it. */
export interface Restriction {
  id: string;
  interpreterId: string;
  reportId: string | null;
  kind: RestrictionKind;
  startsOn: string;
  endsOn: string | null;
  languageCodes: string[];
  endedAt: Date | null;
}

export type { RestrictionKind };

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

  /**
   * Takes the person out of the public register in the caller's transaction
   * (issue #11). A temporary exclusion or an exclusion for a period suspends
   * every entry in force: search stops listing them at once (the read
   * model's triggers) and the card check reads "suspended"; they come back
   * by themselves on `endsOn` ({@link endDueRestrictions}). A permanent
   * exclusion marks them excluded (the card is revoked at commit) and ends
   * any open restriction. Never says why: the card and the search only see
   * the entries' status.
   */
  async restrict(em: EntityManager, input: RestrictionInput): Promise<Restriction> {
    if (input.kind === 'permanent' ? input.endsOn !== null : input.endsOn === null) {
      throw new InvalidInputError([
        { field: 'endsOn', message: 'an end date for a period, none for a permanent exclusion' },
      ]);
    }
    if (input.endsOn !== null && input.endsOn <= input.startsOn) {
      throw new InvalidInputError(
        [{ field: 'endsOn', message: 'must be after today' }],
        'The end date of an exclusion must be in the future.',
      );
    }
    const inForce = await this.register.entriesInForce(em, input.interpreterId);
    if (inForce.length === 0) throw new NoEntriesInForceError();
    const open = await this.register.openRestrictions(em, input.interpreterId);
    let codes: string[];
    if (input.kind === 'permanent') {
      codes = await this.register.setEntryStatus(
        em,
        input.interpreterId,
        inForce.map((e) => e.language_code),
        ['active', 'suspended'],
        'excluded',
      );
      await this.register.endRestrictions(
        em,
        open.map((r) => r.id),
      );
    } else {
      const suspended = await this.register.setEntryStatus(
        em,
        input.interpreterId,
        inForce.filter((e) => e.status === 'active').map((e) => e.language_code),
        ['active'],
        'suspended',
      );
      // Entries already suspended by an open restriction are covered too, so
      // they stay suspended until the later of the two ends.
      const covered = new Set(open.flatMap((r) => r.language_codes));
      const alreadyCovered = inForce
        .filter((e) => e.status === 'suspended' && covered.has(e.language_code))
        .map((e) => e.language_code);
      codes = [...new Set([...suspended, ...alreadyCovered])].sort();
    }
    const id = await this.register.insertRestriction(em, {
      interpreterId: input.interpreterId,
      reportId: input.reportId,
      kind: input.kind,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      languageCodes: codes,
      createdBy: input.createdBy,
    });
    return { ...input, id, languageCodes: codes, endedAt: null };
  }

  /**
   * Ends restrictions whose end date has come (`endsOn <= today`), in the
   * caller's transaction: each entry it suspended is active again unless
   * another open restriction still covers it. Claims rows with SKIP LOCKED,
   * so several nodes may run it at once. Returns what it ended.
   */
  async endDueRestrictions(em: EntityManager, today: string, limit = 100): Promise<Restriction[]> {
    const due = await this.register.dueRestrictions(em, today, limit);
    for (const restriction of due) await this.end(em, restriction);
    return due.map(toRestriction);
  }

  /** Ends one restriction now (a decision lifts a temporary exclusion), in the caller's transaction. */
  async liftRestriction(em: EntityManager, interpreterId: string, id: string): Promise<boolean> {
    const open = await this.register.openRestrictions(em, interpreterId);
    const restriction = open.find((r) => r.id === id);
    if (!restriction) return false;
    await this.end(em, restriction);
    return true;
  }

  private async end(em: EntityManager, restriction: RestrictionRow): Promise<void> {
    await this.register.endRestrictions(em, [restriction.id]);
    if (restriction.kind === 'permanent') return;
    const others = await this.register.openRestrictions(em, restriction.interpreter_id);
    const stillCovered = new Set(others.flatMap((r) => r.language_codes));
    await this.register.setEntryStatus(
      em,
      restriction.interpreter_id,
      restriction.language_codes.filter((code) => !stillCovered.has(code)),
      ['suspended'],
      'active',
    );
  }

  /** The person's restrictions, oldest first, ended or not. */
  async restrictionsOf(em: EntityManager, interpreterId: string): Promise<Restriction[]> {
    return (await this.register.restrictionsOf(em, interpreterId)).map(toRestriction);
  }

  /**
   * Takes away the person's state authorisation for a language (act § 21),
   * in the caller's transaction: the evidence is marked revoked and the entry
   * falls to what the remaining evidence supports (never up), or is excluded
   * when nothing remains. The card follows at commit.
   */
  async revokeAuthorisation(
    em: EntityManager,
    interpreterId: string,
    languageCode: string,
  ): Promise<{ category: Category | null }> {
    const inForce = await this.register.entriesInForce(em, interpreterId);
    if ((await this.register.revokeAuthorisation(em, interpreterId, languageCode)) === 0) {
      throw new NoAuthorisationError();
    }
    const entry = inForce.find((e) => e.language_code === languageCode);
    const derived = deriveCategory(
      await this.register.evidenceKindsFor(em, interpreterId, languageCode),
    );
    if (!entry) return { category: derived };
    if (derived === null) {
      await this.register.setEntryStatus(
        em,
        interpreterId,
        [languageCode],
        ['active', 'suspended'],
        'excluded',
      );
      return { category: null };
    }
    if (CATEGORIES.indexOf(derived) > CATEGORIES.indexOf(entry.category)) {
      await this.register.setEntryCategory(em, interpreterId, languageCode, derived);
      return { category: derived };
    }
    return { category: entry.category };
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

function toRestriction(row: RestrictionRow): Restriction {
  return {
    id: row.id,
    interpreterId: row.interpreter_id,
    reportId: row.report_id,
    kind: row.kind,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    languageCodes: row.language_codes,
    endedAt: row.ended_at,
  };
}
