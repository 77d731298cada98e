import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Availability, Gender, Modality } from './interpreter.js';

/**
 * An interpreter's public columns. Contact fields are masked in SQL unless
 * the interpreter made them public, so nothing private is ever loaded; the
 * enum array is cast to text[] so that the driver hands back an array.
 */
export interface PublicPersonRow {
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
  public_note: string | null;
  work_counties: string[];
}

const PUBLIC_PERSON_COLUMNS = `
  i.id, i.interpreter_number, i.given_name, i.family_name, i.gender, i.county_code,
  i.municipality, i.availability, i.modalities::text[] AS modalities,
  CASE WHEN i.email_public THEN i.email END AS public_email,
  CASE WHEN i.phone_public THEN i.phone END AS public_phone,
  i.public_note, i.work_counties::text[] AS work_counties`;

/** Who an interpreter is at sign-in: the built-in test identity provider offers these. */
export interface IdentityRow {
  id: string;
  given_name: string;
  family_name: string;
  interpreter_number: number;
  national_id: string;
}

/** A new person's columns, as the interpreters table stores them. */
export interface NewPersonRow {
  national_id: string;
  given_name: string;
  family_name: string;
  search_text: string;
  sort_key: string;
  gender: Gender | null;
  county_code: string;
  municipality: string;
  email: string | null;
  email_public: boolean;
  phone: string | null;
  phone_public: boolean;
  availability: Availability;
  modalities: Modality[];
}

/** Who a person is, found by identity number (to match rows of an import with the register). */
export interface PersonKeyRow {
  id: string;
  national_id: string;
  given_name: string;
  family_name: string;
}

/** Who a person is and where they live, found by identity number (the synthetic population). */
export interface ResidentRow {
  given_name: string;
  family_name: string;
  county_code: string;
  municipality: string;
}

export interface PhotoRow {
  interpreter_id: string;
  media_type: 'image/jpeg' | 'image/png';
  data: Buffer;
}

/**
 * The only code that reads or writes interpreters and interpreter_photos.
 * interpreters.national_id is for matching a sign-in only: the public
 * queries never select it.
 */
@Injectable()
export class InterpretersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Reads through `em`: the register's search reads them in its own snapshot. */
  publicPersons(em: EntityManager, ids: string[]): Promise<PublicPersonRow[]> {
    return em.query(
      `SELECT ${PUBLIC_PERSON_COLUMNS} FROM interpreters i WHERE i.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  async publicPersonByNumber(interpreterNumber: number): Promise<PublicPersonRow | undefined> {
    const [row]: PublicPersonRow[] = await this.dataSource.query(
      `SELECT ${PUBLIC_PERSON_COLUMNS} FROM interpreters i WHERE i.interpreter_number = $1`,
      [interpreterNumber],
    );
    return row;
  }

  async idByNumber(interpreterNumber: number): Promise<string | undefined> {
    const [row]: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM interpreters WHERE interpreter_number = $1`,
      [interpreterNumber],
    );
    return row?.id;
  }

  async numberByNationalId(
    nationalId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<number | undefined> {
    const [row]: Array<{ interpreter_number: number }> = await em.query(
      `SELECT interpreter_number FROM interpreters WHERE national_id = $1`,
      [nationalId],
    );
    return row?.interpreter_number;
  }

  /** Inserts a person in the caller's transaction; the database numbers them. */
  async insert(
    em: EntityManager,
    p: NewPersonRow,
  ): Promise<{ id: string; interpreter_number: number }> {
    const [row]: Array<{ id: string; interpreter_number: number }> = await em.query(
      `INSERT INTO interpreters (national_id, given_name, family_name, search_text, sort_key,
         gender, county_code, municipality, email, email_public, phone, phone_public,
         availability, modalities)
       VALUES ($1, $2, $3, $4, $5, $6::gender, $7, $8, $9, $10, $11, $12, $13::availability,
         $14::modality[])
       RETURNING id, interpreter_number`,
      [
        p.national_id,
        p.given_name,
        p.family_name,
        p.search_text,
        p.sort_key,
        p.gender,
        p.county_code,
        p.municipality,
        p.email,
        p.email_public,
        p.phone,
        p.phone_public,
        p.availability,
        p.modalities,
      ],
    );
    return row;
  }

  async residentByNationalId(nationalId: string): Promise<ResidentRow | undefined> {
    const [row]: ResidentRow[] = await this.dataSource.query(
      `SELECT given_name, family_name, county_code, municipality
         FROM interpreters WHERE national_id = $1`,
      [nationalId],
    );
    return row;
  }

  async idByNationalId(em: EntityManager, nationalId: string): Promise<string | undefined> {
    const [row]: Array<{ id: string }> = await em.query(
      `SELECT id FROM interpreters WHERE national_id = $1`,
      [nationalId],
    );
    return row?.id;
  }

  /** The persons with these identity numbers, in the caller's transaction. */
  byNationalIds(em: EntityManager, nationalIds: string[]): Promise<PersonKeyRow[]> {
    return em.query(
      `SELECT id, national_id, given_name, family_name FROM interpreters
        WHERE national_id = ANY($1::char(11)[])`,
      [nationalIds],
    );
  }

  identities(limit: number): Promise<IdentityRow[]> {
    return this.dataSource.query(
      `SELECT id, given_name, family_name, interpreter_number, national_id
         FROM interpreters ORDER BY interpreter_number LIMIT $1`,
      [limit],
    );
  }

  async identity(id: string): Promise<IdentityRow | undefined> {
    const [row]: IdentityRow[] = await this.dataSource.query(
      `SELECT id, given_name, family_name, interpreter_number, national_id
         FROM interpreters WHERE id = $1`,
      [id],
    );
    return row;
  }

  photos(interpreterIds: string[]): Promise<PhotoRow[]> {
    return this.dataSource.query(
      `SELECT interpreter_id, media_type, data FROM interpreter_photos
        WHERE interpreter_id = ANY($1::uuid[])`,
      [interpreterIds],
    );
  }

  /** Sets (or replaces) a person's card photo, in the caller's transaction. */
  async setPhoto(
    em: EntityManager,
    interpreterId: string,
    mediaType: 'image/jpeg' | 'image/png',
    data: Buffer,
  ): Promise<void> {
    await em.query(
      `INSERT INTO interpreter_photos (interpreter_id, media_type, data) VALUES ($1, $2, $3)
       ON CONFLICT (interpreter_id) DO UPDATE
         SET media_type = EXCLUDED.media_type, data = EXCLUDED.data, updated_at = now()`,
      [interpreterId, mediaType, data],
    );
  }

  /** The person's own profile (private contact details included), by identity number. */
  async profileByNationalId(nationalId: string): Promise<ProfileRow | undefined> {
    const [row]: ProfileRow[] = await this.dataSource.query(
      `${PROFILE_SELECT} WHERE national_id = $1`,
      [nationalId],
    );
    return row;
  }

  /** The person's own profile, read (and locked) in the caller's transaction. */
  async profileById(
    em: EntityManager,
    interpreterId: string,
    lock = false,
  ): Promise<ProfileRow | undefined> {
    const [row]: ProfileRow[] = await em.query(
      `${PROFILE_SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [interpreterId],
    );
    return row;
  }

  /** Writes the fields a person keeps themselves, in the caller's transaction. */
  async updateProfile(em: EntityManager, interpreterId: string, p: ProfileFields): Promise<void> {
    await em.query(
      `UPDATE interpreters
          SET email = $2, email_public = $3, phone = $4, phone_public = $5,
              availability = $6::availability, modalities = $7::modality[],
              work_counties = $8::char(2)[], public_note = $9, updated_at = now()
        WHERE id = $1`,
      [
        interpreterId,
        p.email,
        p.email_public,
        p.phone,
        p.phone_public,
        p.availability,
        p.modalities,
        p.work_counties,
        p.public_note,
      ],
    );
  }

  /** Every column of the person's row, for their own access request (never public). */
  async recordById(interpreterId: string): Promise<Record<string, unknown> | undefined> {
    const [row]: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, interpreter_number, national_id, given_name, family_name, gender, county_code,
              municipality, email, email_public, phone, phone_public, availability,
              modalities::text[] AS modalities, work_counties::text[] AS work_counties,
              public_note, created_at, updated_at
         FROM interpreters WHERE id = $1`,
      [interpreterId],
    );
    return row;
  }

  /** When the person's card photo was last set, if they have one. */
  async photoUpdatedAt(interpreterId: string): Promise<Date | undefined> {
    const [row]: Array<{ updated_at: Date }> = await this.dataSource.query(
      `SELECT updated_at FROM interpreter_photos WHERE interpreter_id = $1`,
      [interpreterId],
    );
    return row?.updated_at;
  }
}

/** What a person keeps themselves, with who they are in the register. */
export interface ProfileRow {
  id: string;
  interpreter_number: number;
  given_name: string;
  family_name: string;
  county_code: string;
  municipality: string;
  email: string | null;
  email_public: boolean;
  phone: string | null;
  phone_public: boolean;
  availability: Availability;
  modalities: Modality[];
  work_counties: string[];
  public_note: string | null;
  updated_at: Date;
}

export type ProfileFields = Pick<
  ProfileRow,
  | 'email'
  | 'email_public'
  | 'phone'
  | 'phone_public'
  | 'availability'
  | 'modalities'
  | 'work_counties'
  | 'public_note'
>;

const PROFILE_SELECT = `
  SELECT id, interpreter_number, given_name, family_name, county_code, municipality, email,
         email_public, phone, phone_public, availability, modalities::text[] AS modalities,
         work_counties::text[] AS work_counties, public_note, updated_at
    FROM interpreters`;
