import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { countyByCode } from '../geography/counties.js';
import type { Availability, Gender, Modality } from '../interpreters/interpreter.js';
import { LanguagesService } from '../languages/languages.service.js';
import type { LanguageKind } from '../languages/language.js';
import type { Category } from './category.js';
import type {
  InterpreterPageDto,
  InterpreterProfileDto,
  PublicEntryDto,
} from './dto/interpreter-profile.dto.js';
import type { SearchInterpretersQuery } from './dto/search-interpreters.query.js';
import { InterpreterNotFoundError, UnknownLanguageError } from './register.errors.js';
import { MAX_INTERPRETER_NUMBER, searchSql } from './search-sql.js';

interface PersonRow {
  id: string;
  interpreter_number: number;
  given_name: string;
  family_name: string;
  gender: Gender | null;
  county_code: string;
  municipality: string;
  public_email: string | null;
  public_phone: string | null;
  availability: Availability;
  modalities: Modality[];
}

interface EntryRow {
  interpreter_id: string;
  language_code: string;
  name_nb: string;
  name_en: string;
  kind: LanguageKind;
  category: Category;
  registered_on: string | Date;
}

/**
 * The public side of the register. Every query here selects public columns
 * only and active entries only; contact fields are masked in SQL unless the
 * interpreter made them public, so nothing private is ever loaded. Enum
 * arrays are cast to text[] so that the driver hands back JavaScript arrays.
 */
const PUBLIC_PERSON_COLUMNS = `
  i.id, i.interpreter_number, i.given_name, i.family_name, i.gender, i.county_code,
  i.municipality, i.availability, i.modalities::text[] AS modalities,
  CASE WHEN i.email_public THEN i.email END AS public_email,
  CASE WHEN i.phone_public THEN i.phone END AS public_phone`;

@Injectable()
export class RegisterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly languages: LanguagesService,
  ) {}

  async search(query: SearchInterpretersQuery): Promise<InterpreterPageDto> {
    if (query.language !== undefined && !(await this.languages.exists(query.language))) {
      throw new UnknownLanguageError(query.language);
    }
    const { count, matches: pageOfMatches, page, pageSize } = searchSql(query);

    // One snapshot for the count, the page and the details, so a change
    // committed in between cannot make them disagree.
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const [{ total }]: Array<{ total: string }> = await em.query(count.text, count.params);
      const matches: Array<{ interpreter_id: string; best: Category }> = await em.query(
        pageOfMatches.text,
        pageOfMatches.params,
      );

      const ids = matches.map((m) => m.interpreter_id);
      const persons = await this.publicPersons(em, ids);
      const entries = await this.activeEntries(em, ids);
      const totalCount = Number(total);
      return {
        items: matches.flatMap((m) => {
          const person = persons.get(m.interpreter_id);
          return person ? [toProfile(person, m.best, entries.get(m.interpreter_id) ?? [])] : [];
        }),
        page,
        pageSize,
        total: totalCount,
        totalPages: Math.ceil(totalCount / pageSize),
      };
    });
  }

  /** The public profile; 404 unless the person has at least one active entry. */
  async profile(interpreterNumber: number): Promise<InterpreterProfileDto> {
    if (!Number.isSafeInteger(interpreterNumber) || interpreterNumber > MAX_INTERPRETER_NUMBER) {
      throw new InterpreterNotFoundError();
    }
    const rows: PersonRow[] = await this.dataSource.query(
      `SELECT ${PUBLIC_PERSON_COLUMNS} FROM interpreters i WHERE i.interpreter_number = $1`,
      [interpreterNumber],
    );
    if (rows.length === 0) throw new InterpreterNotFoundError();
    const entries =
      (await this.activeEntries(this.dataSource.manager, [rows[0].id])).get(rows[0].id) ?? [];
    if (entries.length === 0) throw new InterpreterNotFoundError();
    return toProfile(rows[0], entries[0].category, entries);
  }

  private async publicPersons(
    em: EntityManager,
    interpreterIds: string[],
  ): Promise<Map<string, PersonRow>> {
    if (interpreterIds.length === 0) return new Map();
    const rows: PersonRow[] = await em.query(
      `SELECT ${PUBLIC_PERSON_COLUMNS} FROM interpreters i WHERE i.id = ANY($1::uuid[])`,
      [interpreterIds],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  private async activeEntries(
    em: EntityManager,
    interpreterIds: string[],
  ): Promise<Map<string, PublicEntryDto[]>> {
    const result = new Map<string, PublicEntryDto[]>();
    if (interpreterIds.length === 0) return result;
    const rows: EntryRow[] = await em.query(
      `SELECT p.interpreter_id, p.language_code, l.name_nb, l.name_en, l.kind, p.category,
              to_char(e.registered_on, 'YYYY-MM-DD') AS registered_on
         FROM public_entries p
         JOIN register_entries e ON e.id = p.entry_id
         JOIN languages l ON l.code = p.language_code
        WHERE p.interpreter_id = ANY($1::uuid[])
        ORDER BY p.category, l.name_en`,
      [interpreterIds],
    );
    for (const row of rows) {
      const list = result.get(row.interpreter_id) ?? [];
      list.push({
        languageCode: row.language_code,
        languageNameNb: row.name_nb,
        languageNameEn: row.name_en,
        languageKind: row.kind,
        category: row.category,
        registeredOn: String(row.registered_on),
      });
      result.set(row.interpreter_id, list);
    }
    return result;
  }
}

function toProfile(
  row: PersonRow,
  best: Category,
  entries: PublicEntryDto[],
): InterpreterProfileDto {
  const county = countyByCode(row.county_code);
  return {
    interpreterNumber: row.interpreter_number,
    name: `${row.given_name} ${row.family_name}`,
    givenName: row.given_name,
    familyName: row.family_name,
    gender: row.gender,
    county: { code: row.county_code, name: county?.name ?? row.county_code },
    municipality: row.municipality,
    availability: row.availability,
    modalities: row.modalities,
    contact: {
      ...(row.public_email ? { email: row.public_email } : {}),
      ...(row.public_phone ? { phone: row.public_phone } : {}),
    },
    bestCategory: best,
    entries,
  };
}
