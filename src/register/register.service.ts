import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { countyByCode } from '../geography/counties.js';
import { InterpretersService, type PublicPerson } from '../interpreters/interpreters.service.js';
import { LanguagesService } from '../languages/languages.service.js';
import type { Category } from './category.js';
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

/**
 * The public side of the register: active entries only, and of the persons
 * only what InterpretersService hands out as public.
 */
@Injectable()
export class RegisterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly register: RegisterRepository,
    private readonly interpreters: InterpretersService,
    private readonly languages: LanguagesService,
  ) {}

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
    bestCategory: best,
    entries,
  };
}
