import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '../database/returning.js';
import type { Category, EvidenceKind } from '../register/category.js';
import type { ApplicationStatus } from './application-rules.js';

export interface ApplicationRow {
  id: string;
  case_number: string | null;
  applicant_user_id: string;
  status: ApplicationStatus;
  population_lookup: 'pending' | 'done' | 'not_found';
  population_checked_at: Date | null;
  identifier_type: 'fnr' | 'dnr' | null;
  given_name: string | null;
  middle_name: string | null;
  family_name: string | null;
  address_protected: boolean;
  county_code: string | null;
  municipality: string | null;
  email: string | null;
  phone: string | null;
  lang: 'nb' | 'en';
  photo_document_id: string | null;
  assigned_to: string | null;
  assigned_name: string | null;
  submitted_at: Date | null;
  decided_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface ApplicationLanguageRow {
  language_code: string;
  outcome: 'approved' | 'rejected' | null;
  category: Category | null;
  supported_category: Category | null;
  reasons: string | null;
}

export interface ApplicationEvidenceRow {
  id: string;
  language_code: string | null;
  kind: EvidenceKind;
  obtained_on: string;
  issuer: string | null;
  issuing_country: string | null;
  document_id: string | null;
  accepted: boolean | null;
}

export interface ApplicationEventRow {
  id: string;
  at: Date;
  actor_user_id: string | null;
  actor_name: string | null;
  kind: string;
  visible_to_applicant: boolean;
  body: string | null;
}

export interface DecisionRow {
  id: string;
  round: number;
  kind: 'decision' | 'appeal_reversal';
  decided_by: string;
  decided_at: Date;
  letter: unknown;
}

export interface QueueRow {
  id: string;
  case_number: string;
  status: ApplicationStatus;
  given_name: string | null;
  family_name: string | null;
  submitted_at: Date;
  assigned_to: string | null;
  assigned_name: string | null;
  languages: string[];
}

export interface QueueFilter {
  statuses: readonly ApplicationStatus[];
  language?: string;
  assignedTo?: string;
  submittedBefore?: Date;
  limit: number;
  offset: number;
}

/** Draft contents the applicant may change. */
export interface DraftFields {
  email: string | null;
  phone: string | null;
  lang: 'nb' | 'en';
  countyCode: string | null;
}

export interface PersonFields {
  populationLookup: 'pending' | 'done' | 'not_found';
  identifierType: 'fnr' | 'dnr' | null;
  givenName: string | null;
  middleName: string | null;
  familyName: string | null;
  addressProtected: boolean;
  countyCode: string | null;
  municipality: string | null;
}

export interface NewEvidence {
  languageCode: string | null;
  kind: EvidenceKind;
  obtainedOn: string;
  issuer: string | null;
  issuingCountry: string | null;
  /** An uploaded diploma or test result (a document the applicant owns). */
  documentId?: string | null;
}

const APPLICATION_SELECT = `
  SELECT a.id, a.case_number, a.applicant_user_id, a.status, a.population_lookup,
         a.population_checked_at, a.identifier_type, a.given_name, a.middle_name, a.family_name,
         a.address_protected, a.county_code, a.municipality, a.email, a.phone, a.lang, a.photo_document_id,
         a.assigned_to, h.display_name AS assigned_name, a.submitted_at, a.decided_at,
         a.created_at, a.updated_at
    FROM applications a LEFT JOIN users h ON h.id = a.assigned_to`;

/**
 * The only code that reads or writes applications, application_languages,
 * application_evidence, application_events and application_decisions (and
 * the case number sequence). The handler's name comes from a read-only join
 * on users.
 */
@Injectable()
export class ApplicationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async byId(em: EntityManager, id: string, lock = false): Promise<ApplicationRow | undefined> {
    const [row]: ApplicationRow[] = await em.query(
      `${APPLICATION_SELECT} WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`,
      [id],
    );
    return row;
  }

  async ofApplicant(applicantUserId: string): Promise<ApplicationRow[]> {
    return this.dataSource.query(
      `${APPLICATION_SELECT} WHERE a.applicant_user_id = $1 ORDER BY a.created_at DESC`,
      [applicantUserId],
    );
  }

  async openOf(em: EntityManager, applicantUserId: string): Promise<ApplicationRow | undefined> {
    const [row]: ApplicationRow[] = await em.query(
      `${APPLICATION_SELECT} WHERE a.applicant_user_id = $1
         AND a.status IN ('draft', 'submitted', 'in_review', 'awaiting_applicant')`,
      [applicantUserId],
    );
    return row;
  }

  async create(em: EntityManager, applicantUserId: string, lang: 'nb' | 'en'): Promise<string> {
    const [row]: Array<{ id: string }> = await em.query(
      `INSERT INTO applications (applicant_user_id, lang) VALUES ($1, $2) RETURNING id`,
      [applicantUserId, lang],
    );
    return row.id;
  }

  async setPerson(em: EntityManager, id: string, p: PersonFields): Promise<void> {
    await em.query(
      `UPDATE applications SET population_lookup = $2, population_checked_at = now(),
              identifier_type = $3, given_name = $4, middle_name = $5, family_name = $6,
              address_protected = $7,
              county_code = CASE WHEN $7 THEN county_code ELSE COALESCE($8, county_code) END,
              municipality = $9, updated_at = now()
        WHERE id = $1`,
      [
        id,
        p.populationLookup,
        p.identifierType,
        p.givenName,
        p.middleName,
        p.familyName,
        p.addressProtected,
        p.countyCode,
        p.municipality,
      ],
    );
  }

  async markLookupTried(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE applications SET population_checked_at = now() WHERE id = $1`, [id]);
  }

  async updateDraft(em: EntityManager, id: string, d: DraftFields): Promise<void> {
    await em.query(
      `UPDATE applications SET email = $2, phone = $3, lang = $4, county_code = $5, updated_at = now()
        WHERE id = $1`,
      [id, d.email, d.phone, d.lang, d.countyCode],
    );
  }

  async replaceLanguages(em: EntityManager, id: string, codes: string[]): Promise<void> {
    await em.query(`DELETE FROM application_languages WHERE application_id = $1`, [id]);
    if (codes.length === 0) return;
    await em.query(
      `INSERT INTO application_languages (application_id, language_code)
       SELECT $1, code FROM unnest($2::varchar[]) AS code`,
      [id, codes],
    );
  }

  async replaceEvidence(em: EntityManager, id: string, items: NewEvidence[]): Promise<void> {
    await em.query(`DELETE FROM application_evidence WHERE application_id = $1`, [id]);
    for (const e of items) {
      await em.query(
        `INSERT INTO application_evidence
           (application_id, language_code, kind, obtained_on, issuer, issuing_country, document_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          id,
          e.languageCode,
          e.kind,
          e.obtainedOn,
          e.issuer,
          e.issuingCountry,
          e.documentId ?? null,
        ],
      );
    }
  }

  languages(em: EntityManager, id: string): Promise<ApplicationLanguageRow[]> {
    return em.query(
      `SELECT language_code, outcome, category, supported_category, reasons
         FROM application_languages WHERE application_id = $1 ORDER BY language_code`,
      [id],
    );
  }

  evidence(em: EntityManager, id: string): Promise<ApplicationEvidenceRow[]> {
    return em.query(
      `SELECT id, language_code, kind, to_char(obtained_on, 'YYYY-MM-DD') AS obtained_on, issuer,
              issuing_country, document_id, accepted
         FROM application_evidence WHERE application_id = $1
        ORDER BY language_code NULLS LAST, obtained_on, id`,
      [id],
    );
  }

  events(em: EntityManager, id: string, applicantView: boolean): Promise<ApplicationEventRow[]> {
    return em.query(
      `SELECT e.id::text, e.at, e.actor_user_id, u.display_name AS actor_name, e.kind,
              e.visible_to_applicant, e.body
         FROM application_events e LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE e.application_id = $1 ${applicantView ? 'AND e.visible_to_applicant' : ''}
        ORDER BY e.id`,
      [id],
    );
  }

  async addEvent(
    em: EntityManager,
    id: string,
    event: { actorUserId: string | null; kind: string; visible: boolean; body?: string | null },
  ): Promise<void> {
    await em.query(
      `INSERT INTO application_events (application_id, actor_user_id, kind, visible_to_applicant, body)
       VALUES ($1, $2, $3, $4, $5)`,
      [id, event.actorUserId, event.kind, event.visible, event.body ?? null],
    );
  }

  /** Gives the application its case number and moves it out of draft. */
  async submit(em: EntityManager, id: string): Promise<string> {
    const rows = returnedRows<{ case_number: string }>(
      await em.query(
        `UPDATE applications
            SET status = 'submitted', submitted_at = now(), updated_at = now(),
                case_number = to_char(now(), 'YYYY') || '/' || lpad(nextval('application_case_seq')::text, 5, '0')
          WHERE id = $1 AND status = 'draft'
          RETURNING case_number`,
        [id],
      ),
    );
    return rows[0].case_number;
  }

  async setStatus(
    em: EntityManager,
    id: string,
    status: ApplicationStatus,
    extra: { assignedTo?: string | null; decided?: boolean } = {},
  ): Promise<void> {
    await em.query(
      `UPDATE applications
          SET status = $2, updated_at = now(),
              assigned_to = CASE WHEN $3 THEN $4::uuid ELSE assigned_to END,
              decided_at = CASE WHEN $5 THEN now() ELSE decided_at END
        WHERE id = $1`,
      [
        id,
        status,
        extra.assignedTo !== undefined,
        extra.assignedTo ?? null,
        extra.decided === true,
      ],
    );
  }

  async setPhoto(em: EntityManager, id: string, documentId: string): Promise<void> {
    await em.query(
      `UPDATE applications SET photo_document_id = $2, updated_at = now() WHERE id = $1`,
      [id, documentId],
    );
  }

  async assign(em: EntityManager, id: string, userId: string): Promise<void> {
    await em.query(`UPDATE applications SET assigned_to = $2, updated_at = now() WHERE id = $1`, [
      id,
      userId,
    ]);
  }

  async setEvidenceAccepted(
    em: EntityManager,
    id: string,
    accepted: Map<string, boolean>,
  ): Promise<void> {
    await em.query(
      `UPDATE application_evidence e SET accepted = v.accepted
         FROM unnest($2::uuid[], $3::boolean[]) AS v(id, accepted)
        WHERE e.application_id = $1 AND e.id = v.id`,
      [id, [...accepted.keys()], [...accepted.values()]],
    );
  }

  async setLanguageOutcome(
    em: EntityManager,
    id: string,
    o: {
      languageCode: string;
      outcome: 'approved' | 'rejected';
      category: Category | null;
      supported: Category | null;
      reasons: string | null;
    },
  ): Promise<void> {
    await em.query(
      `UPDATE application_languages
          SET outcome = $3, category = $4, supported_category = $5, reasons = $6
        WHERE application_id = $1 AND language_code = $2`,
      [id, o.languageCode, o.outcome, o.category, o.supported, o.reasons],
    );
  }

  /** The round's decision; a second insert for the same round fails on the unique key. */
  async insertDecision(
    em: EntityManager,
    id: string,
    d: { round: number; kind: 'decision' | 'appeal_reversal'; decidedBy: string; letter: unknown },
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await em.query(
      `INSERT INTO application_decisions (application_id, round, kind, decided_by, letter)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [id, d.round, d.kind, d.decidedBy, JSON.stringify(d.letter)],
    );
    return row.id;
  }

  decisions(em: EntityManager, id: string): Promise<DecisionRow[]> {
    return em.query(
      `SELECT id, round, kind, decided_by, decided_at, letter
         FROM application_decisions WHERE application_id = $1 ORDER BY round`,
      [id],
    );
  }

  async queue(f: QueueFilter): Promise<{ rows: QueueRow[]; total: number }> {
    const where = [`a.status = ANY($1::application_status[])`];
    const params: unknown[] = [f.statuses];
    if (f.language) {
      params.push(f.language);
      where.push(
        `EXISTS (SELECT 1 FROM application_languages l WHERE l.application_id = a.id AND l.language_code = $${params.length})`,
      );
    }
    if (f.assignedTo) {
      params.push(f.assignedTo);
      where.push(`a.assigned_to = $${params.length}`);
    }
    if (f.submittedBefore) {
      params.push(f.submittedBefore);
      where.push(`a.submitted_at <= $${params.length}`);
    }
    const filter = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM applications a WHERE ${filter}`,
      params,
    );
    const rows: QueueRow[] = await this.dataSource.query(
      `SELECT a.id, a.case_number, a.status, a.given_name, a.family_name, a.submitted_at,
              a.assigned_to, h.display_name AS assigned_name,
              ARRAY(SELECT l.language_code::text FROM application_languages l
                     WHERE l.application_id = a.id ORDER BY l.language_code) AS languages
         FROM applications a LEFT JOIN users h ON h.id = a.assigned_to
        WHERE ${filter}
        ORDER BY a.submitted_at, a.id
        LIMIT ${Math.trunc(f.limit)} OFFSET ${Math.trunc(f.offset)}`,
      params,
    );
    return { rows, total };
  }

  async any(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM applications LIMIT 1`);
    return rows.length > 0;
  }

  /** Everything held about one applicant's applications, for their data export. */
  async allOfApplicant(applicantUserId: string): Promise<ApplicationRow[]> {
    return this.ofApplicant(applicantUserId);
  }
}
