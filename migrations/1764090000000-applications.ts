import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE } from './1764075600000-runtime-role.js';

/**
 * Applications for entry in the register and their case handling: the
 * application (person data from the population register, the applicant's
 * contact), the languages applied for and the evidence for them, the case's
 * history (messages, internal notes, steps; append-only), and the decisions
 * (one per round: the first decision, and one more per reversal on appeal).
 * Uploaded diplomas and the card photo are documents (the uploads feature's
 * table), linked from the evidence and the application.
 *
 * Also: a staff member's own identity number, so that nobody decides an
 * application of their own, and the EEA/Swiss issuing country of a
 * qualification recognised from abroad.
 */
export class Applications1764090000000 implements MigrationInterface {
  name = 'Applications1764090000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE application_status AS ENUM ('draft', 'submitted', 'in_review',
        'awaiting_applicant', 'decided', 'appealed', 'forwarded', 'withdrawn')`,
    );
    await q.query(`CREATE SEQUENCE application_case_seq START WITH 1`);

    await q.query(`
      ALTER TABLE users ADD COLUMN own_national_id char(11)
        CHECK (own_national_id ~ '^[0-9]{11}$'),
        ADD CONSTRAINT ck_users_own_national_id_staff
        CHECK (own_national_id IS NULL OR staff_subject IS NOT NULL)`);
    await q.query(
      `ALTER TABLE qualification_evidence ADD COLUMN issuing_country char(2)
        CHECK (issuing_country ~ '^[A-Z]{2}$')`,
    );

    await q.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_number varchar(20),
        applicant_user_id uuid NOT NULL REFERENCES users(id),
        status application_status NOT NULL DEFAULT 'draft',
        population_lookup varchar(10) NOT NULL DEFAULT 'pending'
          CHECK (population_lookup IN ('pending', 'done', 'not_found')),
        population_checked_at timestamptz,
        identifier_type varchar(3) CHECK (identifier_type IN ('fnr', 'dnr')),
        given_name varchar(100),
        middle_name varchar(100),
        family_name varchar(100),
        address_protected boolean NOT NULL DEFAULT false,
        county_code char(2) REFERENCES counties(code),
        municipality varchar(100),
        email varchar(254),
        phone varchar(20),
        lang char(2) NOT NULL DEFAULT 'nb' CHECK (lang IN ('nb', 'en')),
        photo_document_id uuid REFERENCES documents(id),
        assigned_to uuid REFERENCES users(id),
        submitted_at timestamptz,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_applications_case_number UNIQUE (case_number),
        CONSTRAINT ck_applications_submitted CHECK (status = 'draft' OR status = 'withdrawn'
          OR (case_number IS NOT NULL AND submitted_at IS NOT NULL)),
        CONSTRAINT ck_applications_protected CHECK (NOT address_protected OR municipality IS NULL)
      )`);
    // One open application per person: a draft, or a case not yet decided.
    await q.query(
      `CREATE UNIQUE INDEX uq_applications_one_open ON applications (applicant_user_id)
        WHERE status IN ('draft', 'submitted', 'in_review', 'awaiting_applicant')`,
    );
    await q.query(
      `CREATE INDEX ix_applications_queue ON applications (status, submitted_at)
        WHERE status <> 'draft'`,
    );
    await q.query(`CREATE INDEX ix_applications_assigned ON applications (assigned_to, status)`);

    await q.query(`
      CREATE TABLE application_languages (
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        language_code varchar(20) NOT NULL REFERENCES languages(code),
        outcome varchar(10) CHECK (outcome IN ('approved', 'rejected')),
        category category,
        supported_category category,
        reasons text,
        PRIMARY KEY (application_id, language_code),
        CONSTRAINT ck_application_languages_outcome CHECK (
          (outcome IS NULL AND category IS NULL)
          OR (outcome = 'rejected' AND category IS NULL AND reasons IS NOT NULL)
          OR (outcome = 'approved' AND category IS NOT NULL))
      )`);

    await q.query(`
      CREATE TABLE application_evidence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        language_code varchar(20) REFERENCES languages(code),
        kind evidence_kind NOT NULL,
        obtained_on date NOT NULL,
        issuer varchar(200),
        issuing_country char(2) CHECK (issuing_country ~ '^[A-Z]{2}$'),
        document_id uuid REFERENCES documents(id),
        accepted boolean,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_application_evidence_language CHECK ((kind = 'tao_course') = (language_code IS NULL))
      )`);
    await q.query(
      `CREATE INDEX ix_application_evidence_application ON application_evidence (application_id)`,
    );

    // The case's history: what the applicant sees (visible) and what only staff see.
    await q.query(`
      CREATE TABLE application_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_user_id uuid REFERENCES users(id),
        kind varchar(40) NOT NULL,
        visible_to_applicant boolean NOT NULL,
        body text CHECK (length(body) <= 10000)
      )`);
    await q.query(
      `CREATE INDEX ix_application_events_application ON application_events (application_id, id)`,
    );

    await q.query(`
      CREATE TABLE application_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        round integer NOT NULL CHECK (round >= 1),
        kind varchar(20) NOT NULL CHECK (kind IN ('decision', 'appeal_reversal')),
        decided_by uuid NOT NULL REFERENCES users(id),
        decided_at timestamptz NOT NULL DEFAULT now(),
        letter jsonb NOT NULL,
        CONSTRAINT uq_application_decisions_round UNIQUE (application_id, round)
      )`);

    // The history and the decisions are never rewritten by the app.
    for (const table of ['application_events', 'application_decisions']) {
      await q.query(`REVOKE UPDATE, TRUNCATE ON ${table} FROM ${APP_GROUP_ROLE}`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE application_decisions`);
    await q.query(`DROP TABLE application_events`);
    await q.query(`DROP TABLE application_evidence`);
    await q.query(`DROP TABLE application_languages`);
    await q.query(`DROP TABLE applications`);
    await q.query(`DROP SEQUENCE application_case_seq`);
    await q.query(`ALTER TABLE qualification_evidence DROP COLUMN issuing_country`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT ck_users_own_national_id_staff`);
    await q.query(`ALTER TABLE users DROP COLUMN own_national_id`);
    await q.query(`DROP TYPE application_status`);
  }
}
