import { HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/problem.js';
import type { ImportConfig } from '../config/configuration.js';
import { InterpretersService } from '../interpreters/interpreters.service.js';
import { foldForSearch } from '../interpreters/search-text.js';
import { LanguagesService } from '../languages/languages.service.js';
import { RegisterService } from '../register/register.service.js';
import { csvRecords, ImportFileError, type FileErrorCode } from './csv-records.js';
import { FileCheck, planImport, type PlannedEntry, type PlannedPerson } from './import-plan.js';
import {
  todayInNorway,
  type ImportColumn,
  type ImportIssue,
  type RowErrorCode,
} from './import-row.js';
import { reasonText } from './register-import.messages.js';

/** How many problems a report lists; the rest are counted. */
export const MAX_LISTED_ERRORS = 1000;
/** Identity numbers per lookup in the register. */
const LOOKUP_BATCH = 5000;

export type ImportErrorCode = RowErrorCode | FileErrorCode;

export interface ImportReportError {
  /** The physical line in the file (the header is line 1); null when no line is known. */
  line: number | null;
  code: ImportErrorCode;
  column?: ImportColumn;
  /** What fills the text (a column, a code as written, line numbers); never personal data. */
  args?: Array<string | number>;
  /** In English; pages show reasonText() in the reader's language. */
  message: string;
}

/**
 * What an import found and did. Counts are of what is (or, when checked or
 * refused, would be) written from the valid rows.
 */
export interface ImportReport {
  /** checked: a dry run; imported: written; refused: errors, nothing written. */
  status: 'checked' | 'imported' | 'refused';
  /** Data rows read, blank lines not counted. */
  rows: number;
  /** Persons new to the register. */
  persons: number;
  /** Persons already in the register who get new entries. */
  existingPersons: number;
  /** New entries. */
  entries: number;
  /** Rows whose entry is in the register already, same category and active: skipped. */
  alreadyRegistered: number;
  /** Lines with at least one error. */
  badRows: number;
  /** The file as a whole could not be read (too large, broken, no header): nothing can be imported. */
  fileRefused: boolean;
  /** The first MAX_LISTED_ERRORS problems, by line. */
  errors: ImportReportError[];
  /** Problems beyond those listed. */
  moreErrors: number;
}

export type ImportSource = AsyncIterable<Buffer | Uint8Array | string>;

/** What the register already holds for the persons of a file, and what is left to write. */
interface Resolution {
  writes: Array<{ person: PlannedPerson; existingId?: string; entries: PlannedEntry[] }>;
  issues: ImportIssue[];
  alreadyRegistered: number;
}

interface FileReading {
  rows: number;
  persons: PlannedPerson[];
  issues: ImportIssue[];
  /** Why the file as a whole cannot be imported: a file error, or a header that cannot be read. */
  fileError?: { code: FileErrorCode; line: number | null; args?: Array<string | number> };
  headerRefused?: boolean;
}

/**
 * Imports an existing register from CSV (one row per entry), through the
 * register's own write methods. A file is read streaming and checked in full
 * before anything is written; then, unless it has errors and the caller did
 * not ask to skip bad rows, everything valid is written in one transaction
 * with one audit event.
 */
@Injectable()
export class RegisterImportService {
  private readonly limits: ImportConfig;

  constructor(
    private readonly dataSource: DataSource,
    private readonly interpreters: InterpretersService,
    private readonly register: RegisterService,
    private readonly languages: LanguagesService,
    private readonly audit: AuditService,
    config: ConfigService,
  ) {
    this.limits = config.getOrThrow<ImportConfig>('import');
  }

  get maxBytes(): number {
    return this.limits.maxBytes;
  }

  get maxRows(): number {
    return this.limits.maxRows;
  }

  /** Checks a file against the register and reports every problem; writes nothing. */
  async analyse(source: ImportSource): Promise<ImportReport> {
    const reading = await this.read(source);
    if (refusedWhole(reading)) return report('checked', reading, emptyResolution());
    const resolution = await this.dataSource.transaction('REPEATABLE READ', (em) =>
      this.resolve(em, reading.persons),
    );
    return report('checked', reading, resolution);
  }

  /**
   * Imports a file as `actor`. With errors, nothing is written (status
   * refused) unless `skipBadRows`, when the valid rows are; a file that
   * cannot be read whole is always refused. All or nothing, audited as
   * `register.imported` with counts only.
   */
  async import(
    source: ImportSource,
    actor: Actor,
    options: { skipBadRows: boolean },
  ): Promise<ImportReport> {
    const reading = await this.read(source);
    if (refusedWhole(reading)) return report('refused', reading, emptyResolution());
    try {
      return await this.dataSource.transaction(async (em) => {
        const resolution = await this.resolve(em, reading.persons);
        const bad = reading.issues.length + resolution.issues.length;
        if (bad > 0 && !options.skipBadRows) return report('refused', reading, resolution);
        const done = report('imported', reading, resolution);
        await this.write(em, resolution);
        await this.audit.record(em, actor, {
          action: 'register.imported',
          details: {
            rows: done.rows,
            persons: done.persons,
            existingPersons: done.existingPersons,
            entries: done.entries,
            alreadyRegistered: done.alreadyRegistered,
            skippedBadRows: done.badRows,
          },
        });
        return done;
      });
    } catch (error) {
      // Another import (or a decision) added the same person or entry meanwhile.
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === '23505'
      ) {
        throw new DomainError(
          'IMPORT_CONFLICT',
          'The register changed while the file was imported. Nothing was imported; try again.',
          HttpStatus.CONFLICT,
        );
      }
      throw error;
    }
  }

  /** Reads and checks the file on its own, streaming; the register is not asked yet. */
  private async read(source: ImportSource): Promise<FileReading> {
    // Read before any transaction: the language list comes through the pool.
    const language = await this.languages.lookup();
    const check = new FileCheck({
      languageExists: (code) => language(code) !== undefined,
      today: todayInNorway(),
    });
    try {
      for await (const record of csvRecords(source, this.limits)) {
        check.add(record.line, record.fields);
      }
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      return {
        rows: check.rows,
        persons: [],
        issues: check.issues,
        fileError: {
          code: error.code,
          line: error.line,
          ...(error.limit !== undefined ? { args: [error.limit] } : {}),
        },
      };
    }
    if (check.headerFailed) {
      return { rows: check.rows, persons: [], issues: check.issues, headerRefused: true };
    }
    if (check.rows === 0) {
      return { rows: 0, persons: [], issues: [], fileError: { code: 'EMPTY_FILE', line: null } };
    }
    const plan = planImport(check.valid);
    return { rows: check.rows, persons: plan.persons, issues: [...check.issues, ...plan.issues] };
  }

  /**
   * Compares the planned persons with the register, in `em`'s snapshot: a
   * person already there must have the same name (else the identity number
   * is likely wrong); an entry already there with the same category and
   * active is skipped; any other entry for that language is an error, since
   * changing it is a decision, not an import.
   */
  private async resolve(em: EntityManager, persons: PlannedPerson[]): Promise<Resolution> {
    const existing = new Map<string, { id: string; givenName: string; familyName: string }>();
    for (let i = 0; i < persons.length; i += LOOKUP_BATCH) {
      const batch = persons.slice(i, i + LOOKUP_BATCH).map((p) => p.nationalId);
      for (const [nationalId, person] of await this.interpreters.personsByNationalIds(em, batch)) {
        existing.set(nationalId, person);
      }
    }
    const held = await this.register.entriesOf(
      em,
      [...existing.values()].map((p) => p.id),
    );
    const resolution: Resolution = { writes: [], issues: [], alreadyRegistered: 0 };
    for (const person of persons) {
      const known = existing.get(person.nationalId);
      if (!known) {
        resolution.writes.push({ person, entries: person.entries });
        continue;
      }
      if (
        foldForSearch(known.givenName) !== foldForSearch(person.givenName) ||
        foldForSearch(known.familyName) !== foldForSearch(person.familyName)
      ) {
        for (const entry of person.entries) {
          resolution.issues.push({ line: entry.line, code: 'PERSON_MISMATCH' });
        }
        continue;
      }
      const entries: PlannedEntry[] = [];
      for (const entry of person.entries) {
        const current = held.get(known.id)?.find((e) => e.languageCode === entry.languageCode);
        if (!current) entries.push(entry);
        else if (current.category === entry.category && current.status === 'active') {
          resolution.alreadyRegistered++;
        } else {
          resolution.issues.push({
            line: entry.line,
            code: 'ENTRY_EXISTS',
            args: [current.category, current.status],
          });
        }
      }
      if (entries.length > 0) resolution.writes.push({ person, existingId: known.id, entries });
    }
    return resolution;
  }

  private async write(em: EntityManager, resolution: Resolution): Promise<void> {
    for (const { person, existingId, entries } of resolution.writes) {
      const id =
        existingId ??
        (
          await this.interpreters.createPerson(em, {
            nationalId: person.nationalId,
            givenName: person.givenName,
            familyName: person.familyName,
            countyCode: person.countyCode,
            municipality: person.municipality,
            availability: person.availability,
            // The old register does not say how they work or whether they
            // agreed to publish their contact details.
            modalities: [],
            email: person.email,
            emailPublic: false,
            phone: person.phone,
            phonePublic: false,
          })
        ).id;
      for (const entry of entries) {
        await this.register.grantEntry(em, id, {
          languageCode: entry.languageCode,
          category: entry.category,
          registeredOn: entry.registeredOn,
        });
      }
    }
  }
}

function emptyResolution(): Resolution {
  return { writes: [], issues: [], alreadyRegistered: 0 };
}

function refusedWhole(reading: FileReading): boolean {
  return reading.fileError !== undefined || reading.headerRefused === true;
}

function report(
  status: ImportReport['status'],
  reading: FileReading,
  resolution: Resolution,
): ImportReport {
  const issues = [...reading.issues, ...resolution.issues].sort((a, b) => a.line - b.line);
  const problems: Array<Omit<ImportReportError, 'message'>> = issues.map((i) => ({
    line: i.line,
    code: i.code,
    ...(i.column ? { column: i.column } : {}),
    ...(i.args ? { args: i.args } : {}),
  }));
  if (reading.fileError) {
    problems.push({
      line: reading.fileError.line,
      code: reading.fileError.code,
      ...(reading.fileError.args ? { args: reading.fileError.args } : {}),
    });
  }
  const fileRefused = refusedWhole(reading);
  const entries = resolution.writes.reduce((n, w) => n + w.entries.length, 0);
  return {
    status,
    rows: reading.rows,
    persons: resolution.writes.filter((w) => !w.existingId).length,
    existingPersons: resolution.writes.filter((w) => w.existingId).length,
    entries,
    alreadyRegistered: resolution.alreadyRegistered,
    badRows: new Set(issues.map((i) => i.line)).size,
    fileRefused,
    errors: problems
      .slice(0, MAX_LISTED_ERRORS)
      .map((p) => ({ ...p, message: reasonText('en', p) })),
    moreErrors: Math.max(0, problems.length - MAX_LISTED_ERRORS),
  };
}
