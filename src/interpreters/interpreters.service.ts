import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Availability, Gender, Modality } from './interpreter.js';
import {
  InterpretersRepository,
  type IdentityRow,
  type ProfileRow,
  type PublicPersonRow,
} from './interpreters.repository.js';
import { foldForSearch } from './search-text.js';

/** What anyone may know about an interpreter: no identity number, contact details only if public. */
export interface PublicPerson {
  id: string;
  interpreterNumber: number;
  givenName: string;
  familyName: string;
  gender: Gender | null;
  countyCode: string;
  municipality: string;
  availability: Availability;
  modalities: Modality[];
  publicEmail: string | null;
  publicPhone: string | null;
  /** A short text the interpreter wrote for the public profile. */
  publicNote: string | null;
  /** The counties they take assignments in (county codes), as they keep them. */
  workCounties: string[];
}

/** What an interpreter keeps themselves (contact details public or private, availability, …). */
export interface ProfileInput {
  email: string | null;
  emailPublic: boolean;
  phone: string | null;
  phonePublic: boolean;
  availability: Availability;
  modalities: Modality[];
  workCounties: string[];
  publicNote: string | null;
}

/** An interpreter's own profile: who they are in the register and what they keep. */
export interface InterpreterProfile extends ProfileInput {
  id: string;
  interpreterNumber: number;
  givenName: string;
  familyName: string;
  countyCode: string;
  municipality: string;
  updatedAt: Date;
}

/** An interpreter as the built-in test identity provider offers them for sign-in. */
export interface InterpreterIdentity {
  id: string;
  name: string;
  interpreterNumber: number;
  nationalId: string;
}

/** A person to add to the register (by a decision, or an import of the old register). */
export interface NewPerson {
  nationalId: string;
  givenName: string;
  familyName: string;
  countyCode: string;
  municipality: string;
  availability: Availability;
  modalities: Modality[];
  gender?: Gender | null;
  email?: string | null;
  /** Contact details are private unless the person has said they may be published. */
  emailPublic?: boolean;
  phone?: string | null;
  phonePublic?: boolean;
}

/** A person found by identity number: who they are in the register (never public). */
export interface PersonKey {
  id: string;
  givenName: string;
  familyName: string;
}

/** An interpreter's name and place of residence, as the synthetic population register answers for them. */
export interface InterpreterResident {
  givenName: string;
  familyName: string;
  countyCode: string;
  municipality: string;
}

export interface InterpreterPhoto {
  mediaType: 'image/jpeg' | 'image/png';
  data: Buffer;
}

/** The persons who interpret, for every other feature: the register, cards and sign-in. */
@Injectable()
export class InterpretersService {
  constructor(private readonly interpreters: InterpretersRepository) {}

  /** Public persons by internal id, read in the caller's transaction (the search's snapshot). */
  async publicPersons(em: EntityManager, ids: string[]): Promise<Map<string, PublicPerson>> {
    if (ids.length === 0) return new Map();
    const rows = await this.interpreters.publicPersons(em, ids);
    return new Map(rows.map((r) => [r.id, toPublicPerson(r)]));
  }

  async publicPerson(interpreterNumber: number): Promise<PublicPerson | undefined> {
    const row = await this.interpreters.publicPersonByNumber(interpreterNumber);
    return row && toPublicPerson(row);
  }

  /** The internal id behind a public interpreter number; neither ever changes. */
  idByNumber(interpreterNumber: number): Promise<string | undefined> {
    return this.interpreters.idByNumber(interpreterNumber);
  }

  /** The interpreter number of the person with this identity number, if they are in the register. */
  /** Through `em` when the caller's transaction may just have added the person. */
  numberByNationalId(nationalId: string, em?: EntityManager): Promise<number | undefined> {
    return this.interpreters.numberByNationalId(nationalId, em);
  }

  /**
   * Adds a person in the caller's transaction (the caller audits the change
   * it is part of). The search columns are derived here, as everywhere: the
   * folded name for matching and "family given" for sorting.
   */
  async createPerson(
    em: EntityManager,
    person: NewPerson,
  ): Promise<{ id: string; interpreterNumber: number }> {
    const row = await this.interpreters.insert(em, {
      national_id: person.nationalId,
      given_name: person.givenName,
      family_name: person.familyName,
      search_text: foldForSearch(`${person.givenName} ${person.familyName}`),
      sort_key: foldForSearch(`${person.familyName} ${person.givenName}`),
      gender: person.gender ?? null,
      county_code: person.countyCode,
      municipality: person.municipality,
      email: person.email ?? null,
      email_public: person.emailPublic ?? false,
      phone: person.phone ?? null,
      phone_public: person.phonePublic ?? false,
      availability: person.availability,
      modalities: person.modalities,
    });
    return { id: row.id, interpreterNumber: row.interpreter_number };
  }

  /** The internal id of the person with this identity number, read in the caller's transaction. */
  idByNationalId(em: EntityManager, nationalId: string): Promise<string | undefined> {
    return this.interpreters.idByNationalId(em, nationalId);
  }

  /** The persons already in the register among these identity numbers, keyed by identity number. */
  async personsByNationalIds(
    em: EntityManager,
    nationalIds: string[],
  ): Promise<Map<string, PersonKey>> {
    if (nationalIds.length === 0) return new Map();
    const rows = await this.interpreters.byNationalIds(em, nationalIds);
    return new Map(
      rows.map((r) => [
        r.national_id,
        { id: r.id, givenName: r.given_name, familyName: r.family_name },
      ]),
    );
  }

  /**
   * Name and place of residence of the interpreter with this identity number
   * (for the synthetic population register of the embedded default only).
   */
  async residentByNationalId(nationalId: string): Promise<InterpreterResident | undefined> {
    const row = await this.interpreters.residentByNationalId(nationalId);
    return (
      row && {
        givenName: row.given_name,
        familyName: row.family_name,
        countyCode: row.county_code,
        municipality: row.municipality,
      }
    );
  }

  /** The first interpreters by number, to pick from at the built-in test identity provider. */
  async identities(limit: number): Promise<InterpreterIdentity[]> {
    return (await this.interpreters.identities(limit)).map(toIdentity);
  }

  async identity(id: string): Promise<InterpreterIdentity | undefined> {
    const row = await this.interpreters.identity(id);
    return row && toIdentity(row);
  }

  /** Sets a person's card photo in the caller's transaction (an approved application, an approved new photo). */
  setPhoto(
    em: EntityManager,
    interpreterId: string,
    mediaType: 'image/jpeg' | 'image/png',
    data: Buffer,
  ): Promise<void> {
    return this.interpreters.setPhoto(em, interpreterId, mediaType, data);
  }

  async photo(interpreterId: string): Promise<InterpreterPhoto | undefined> {
    return (await this.photos([interpreterId])).get(interpreterId);
  }

  /** The photos of those who have one, in one query (a print run asks for many). */
  async photos(interpreterIds: string[]): Promise<Map<string, InterpreterPhoto>> {
    if (interpreterIds.length === 0) return new Map();
    const rows = await this.interpreters.photos(interpreterIds);
    return new Map(rows.map((p) => [p.interpreter_id, { mediaType: p.media_type, data: p.data }]));
  }

  /** The signed-in person's own profile, by the identity number of their user; undefined when they are not in the register. */
  async profileOf(userNationalId: string): Promise<InterpreterProfile | undefined> {
    const row = await this.interpreters.profileByNationalId(userNationalId);
    return row && toProfile(row);
  }

  /** A profile read in the caller's transaction; `lock` holds the row until it ends. */
  async profileById(
    em: EntityManager,
    interpreterId: string,
    lock = false,
  ): Promise<InterpreterProfile | undefined> {
    const row = await this.interpreters.profileById(em, interpreterId, lock);
    return row && toProfile(row);
  }

  /**
   * Writes what the person keeps themselves, in the caller's transaction
   * (the caller checks the input and audits). Name, residence, number and
   * entries are never written here.
   */
  async updateProfile(em: EntityManager, interpreterId: string, p: ProfileInput): Promise<void> {
    await this.interpreters.updateProfile(em, interpreterId, {
      email: p.email,
      email_public: p.emailPublic,
      phone: p.phone,
      phone_public: p.phonePublic,
      availability: p.availability,
      modalities: p.modalities,
      work_counties: p.workCounties,
      public_note: p.publicNote,
    });
  }

  /** Every column of the person's row (identity number and private contact included): for their own access request only. */
  recordOf(interpreterId: string): Promise<Record<string, unknown> | undefined> {
    return this.interpreters.recordById(interpreterId);
  }

  /** When the card photo was last set; undefined when there is none. */
  photoUpdatedAt(interpreterId: string): Promise<Date | undefined> {
    return this.interpreters.photoUpdatedAt(interpreterId);
  }
}

function toProfile(row: ProfileRow): InterpreterProfile {
  return {
    id: row.id,
    interpreterNumber: row.interpreter_number,
    givenName: row.given_name,
    familyName: row.family_name,
    countyCode: row.county_code,
    municipality: row.municipality,
    email: row.email,
    emailPublic: row.email_public,
    phone: row.phone,
    phonePublic: row.phone_public,
    availability: row.availability,
    modalities: row.modalities,
    workCounties: row.work_counties,
    publicNote: row.public_note,
    updatedAt: row.updated_at,
  };
}

function toPublicPerson(row: PublicPersonRow): PublicPerson {
  return {
    id: row.id,
    interpreterNumber: row.interpreter_number,
    givenName: row.given_name,
    familyName: row.family_name,
    gender: row.gender,
    countyCode: row.county_code,
    municipality: row.municipality,
    availability: row.availability,
    modalities: row.modalities,
    publicEmail: row.public_email,
    publicPhone: row.public_phone,
    publicNote: row.public_note,
    workCounties: row.work_counties,
  };
}

function toIdentity(row: IdentityRow): InterpreterIdentity {
  return {
    id: row.id,
    name: `${row.given_name} ${row.family_name}`,
    interpreterNumber: row.interpreter_number,
    nationalId: row.national_id,
  };
}
