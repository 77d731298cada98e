import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE } from './1764075600000-runtime-role.js';

/**
 * Reports about interpreters (issue #11): the whistleblowing channel, its
 * case handling with the advisory committee, and the sanctions that reach
 * the register.
 *
 * Everything a person wrote is stored sealed (AES-256-GCM in the app, see
 * src/sealing/; columns ending in `_sealed`, each bound to its row and
 * column): the report's account, the reporter's identity, the redacted
 * account, messages, attachments and their names, questions to and advice of
 * the committee, the reasons for a decision and its letter. Plain columns
 * hold only what the queue, the deadlines and the statistics need (dates,
 * duties, outcome, status), never text a person typed.
 *
 * An anonymous report stores nothing about its sender: no address, no user
 * agent, no user id (`reporter_sealed` is null exactly when anonymous). The
 * receipt code is stored twice and neither is reversible: an HMAC under a
 * pepper from configuration (the lookup index) and an argon2id hash.
 *
 * What outlives a report deleted for retention: `report_facts` (anonymous
 * statistics, unlinked), `interpreter_sanctions` (the escalation rule's
 * history: a warning counts for five years whatever happens to the report)
 * and `register_restrictions` (what was done to the entries and when).
 */
export class Reports1764097200000 implements MigrationInterface {
  name = 'Reports1764097200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE report_status AS ENUM ('received', 'investigating', 'with_committee', 'decided', 'closed')`,
    );
    await q.query(
      `CREATE TYPE report_duty AS ENUM ('good_practice', 'confidentiality', 'impartiality', 'other')`,
    );
    await q.query(
      `CREATE TYPE report_outcome AS ENUM ('no_action', 'guidance', 'warning',
        'exclusion_period', 'exclusion_permanent', 'revocation')`,
    );
    await q.query(`CREATE SEQUENCE report_case_seq START WITH 1`);

    // The advisory committee: four members and four deputies, each a staff user.
    await q.query(`
      ALTER TABLE users ADD COLUMN committee_seat varchar(10)
        CHECK (committee_seat IN ('member', 'deputy')),
        ADD CONSTRAINT ck_users_committee_seat_staff
        CHECK (committee_seat IS NULL OR staff_subject IS NOT NULL)`);

    // A state authorisation taken away (act § 21): the evidence stays, marked, and no longer counts.
    await q.query(`ALTER TABLE qualification_evidence ADD COLUMN revoked_at timestamptz`);

    await q.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_number varchar(20) NOT NULL,
        -- A report from someone, or an exclusion review the escalation rule opened (no reporter, no code).
        kind varchar(20) NOT NULL DEFAULT 'report' CHECK (kind IN ('report', 'exclusion_review')),
        review_reason varchar(40) CHECK (review_reason IN ('third_warning_in_five_years', 'serious_breach')),
        origin_report_id uuid REFERENCES reports(id) ON DELETE SET NULL,
        -- HMAC-SHA256(pepper, code) in hex, and argon2id(code); null once receipt access has ended.
        receipt_index char(64),
        receipt_hash varchar(200),
        -- The reporter's last use of the code (reading, answering): receipt access ends after inactivity.
        reporter_active_at timestamptz NOT NULL DEFAULT now(),
        anonymous boolean NOT NULL,
        reporter_sealed bytea,
        content_sealed bytea NOT NULL,
        redacted_sealed bytea,
        duties report_duty[] NOT NULL CHECK (cardinality(duties) BETWEEN 1 AND 4),
        -- The interpreter the report is about, once known (the reporter may not know the number).
        interpreter_id uuid REFERENCES interpreters(id) ON DELETE SET NULL,
        status report_status NOT NULL DEFAULT 'received',
        received_at timestamptz NOT NULL DEFAULT now(),
        acknowledge_by date NOT NULL,
        feedback_by date NOT NULL,
        acknowledged_at timestamptz,
        feedback_at timestamptz,
        assigned_to uuid REFERENCES users(id),
        assigned_at timestamptz,
        interpreter_notified_at timestamptz,
        interpreter_reply_by date,
        outcome report_outcome,
        decided_at timestamptz,
        closed_at timestamptz,
        delete_after date,
        version integer NOT NULL DEFAULT 0,
        CONSTRAINT uq_reports_case_number UNIQUE (case_number),
        CONSTRAINT uq_reports_receipt_index UNIQUE (receipt_index),
        CONSTRAINT ck_reports_anonymous CHECK (anonymous = (reporter_sealed IS NULL)),
        CONSTRAINT ck_reports_review CHECK ((kind = 'exclusion_review') = (review_reason IS NOT NULL)
          AND (kind = 'report' OR (anonymous AND receipt_index IS NULL))),
        CONSTRAINT ck_reports_receipt CHECK ((receipt_index IS NULL) = (receipt_hash IS NULL)),
        CONSTRAINT ck_reports_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_reports_queue ON reports (status, received_at)`);
    await q.query(`CREATE INDEX ix_reports_interpreter ON reports (interpreter_id)`);
    await q.query(
      `CREATE INDEX ix_reports_delete_after ON reports (delete_after) WHERE delete_after IS NOT NULL`,
    );

    // The case's dialogue and records. Channels: with the reporter, with the
    // interpreter, internal notes, requests to public bodies, the committee.
    await q.query(`
      CREATE TABLE report_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        channel varchar(20) NOT NULL
          CHECK (channel IN ('reporter', 'interpreter', 'internal', 'public_body', 'committee')),
        author varchar(20) NOT NULL CHECK (author IN ('reporter', 'staff', 'interpreter', 'committee')),
        author_user_id uuid REFERENCES users(id),
        body_sealed bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK ((author = 'reporter') = (author_user_id IS NULL))
      )`);
    await q.query(
      `CREATE INDEX ix_report_messages_report ON report_messages (report_id, channel, created_at)`,
    );

    await q.query(`
      CREATE TABLE report_attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        message_id uuid REFERENCES report_messages(id) ON DELETE CASCADE,
        channel varchar(20) NOT NULL CHECK (channel IN ('reporter', 'interpreter', 'internal')),
        name_sealed bytea NOT NULL,
        media_type varchar(100) NOT NULL,
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        data_sealed bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_report_attachments_report ON report_attachments (report_id)`);

    // The case's history: steps only, never content (that is in the sealed tables).
    await q.query(`
      CREATE TABLE report_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        kind varchar(40) NOT NULL,
        actor_user_id uuid REFERENCES users(id),
        visible_to_reporter boolean NOT NULL DEFAULT false,
        visible_to_interpreter boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX ix_report_events_report ON report_events (report_id, id)`);

    // Declarations of (no) conflict of interest, by case handlers and committee members.
    await q.query(`
      CREATE TABLE report_conflicts (
        report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        capacity varchar(20) NOT NULL CHECK (capacity IN ('case_handler', 'committee_member')),
        conflicted boolean NOT NULL,
        statement_sealed bytea,
        declared_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (report_id, user_id, capacity)
      )`);

    // Referrals to the advisory committee (one open at a time) and its members' advice.
    await q.query(`
      CREATE TABLE report_referrals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        referred_by uuid NOT NULL REFERENCES users(id),
        referred_at timestamptz NOT NULL DEFAULT now(),
        question_sealed bytea NOT NULL,
        advice_by date NOT NULL,
        closed_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_report_referrals_open ON report_referrals (report_id) WHERE closed_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE report_advice (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES report_referrals(id) ON DELETE CASCADE,
        member_user_id uuid NOT NULL REFERENCES users(id),
        advice_sealed bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_report_advice_member UNIQUE (referral_id, member_user_id)
      )`);

    // Decisions on a report (a reopened case may be decided again).
    await q.query(`
      CREATE TABLE report_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        round integer NOT NULL CHECK (round >= 1),
        outcome report_outcome NOT NULL,
        serious boolean NOT NULL DEFAULT false,
        excluded_until date,
        language_code varchar(20) REFERENCES languages(code),
        reasons_sealed bytea NOT NULL,
        letter_sealed bytea NOT NULL,
        decided_by uuid NOT NULL REFERENCES users(id),
        decided_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_report_decisions_round UNIQUE (report_id, round)
      )`);

    // The escalation rule's history. Kept when the report is deleted.
    await q.query(`
      CREATE TABLE interpreter_sanctions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        interpreter_id uuid NOT NULL REFERENCES interpreters(id) ON DELETE CASCADE,
        report_id uuid REFERENCES reports(id) ON DELETE SET NULL,
        decision_id uuid REFERENCES report_decisions(id) ON DELETE SET NULL,
        kind varchar(30) NOT NULL CHECK (kind IN ('no_action', 'guidance', 'warning',
          'serious_breach', 'temporary_exclusion', 'exclusion', 'revocation')),
        decided_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX ix_interpreter_sanctions_person ON interpreter_sanctions (interpreter_id, decided_on)`,
    );

    // What a temporary exclusion, an exclusion or a revocation did to the
    // entries, and when it ends. Owned by the register: it changes entries.
    await q.query(`
      CREATE TABLE register_restrictions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        interpreter_id uuid NOT NULL REFERENCES interpreters(id) ON DELETE CASCADE,
        report_id uuid REFERENCES reports(id) ON DELETE SET NULL,
        kind varchar(20) NOT NULL CHECK (kind IN ('temporary', 'period', 'permanent')),
        starts_on date NOT NULL,
        ends_on date,
        -- The languages whose entries it changed (restored when it ends).
        language_codes varchar(20)[] NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        CONSTRAINT ck_register_restrictions_end
          CHECK ((kind = 'permanent') = (ends_on IS NULL) AND (ends_on IS NULL OR ends_on > starts_on))
      )`);
    await q.query(
      `CREATE INDEX ix_register_restrictions_due ON register_restrictions (ends_on) WHERE ended_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX ix_register_restrictions_person ON register_restrictions (interpreter_id)`,
    );

    // Anonymous facts for the public statistics; the link is cut when the report is deleted.
    await q.query(`
      CREATE TABLE report_facts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid REFERENCES reports(id) ON DELETE SET NULL,
        received_on date NOT NULL,
        duties report_duty[] NOT NULL,
        acknowledged_on date,
        outcome report_outcome,
        closed_on date,
        CONSTRAINT uq_report_facts_report UNIQUE (report_id)
      )`);

    // A reporter's signed-in pages after typing the receipt code: a random
    // token (its SHA-256 here) in a cookie, for minutes. No address, no agent.
    await q.query(`
      CREATE TABLE report_sessions (
        token_hash char(64) PRIMARY KEY,
        report_id uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL
      )`);

    // The history, the decisions and the sanctions are never rewritten by the app.
    for (const table of ['report_events', 'report_decisions', 'interpreter_sanctions']) {
      await q.query(`REVOKE UPDATE, TRUNCATE ON ${table} FROM ${APP_GROUP_ROLE}`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'report_sessions',
      'report_facts',
      'register_restrictions',
      'interpreter_sanctions',
      'report_decisions',
      'report_advice',
      'report_referrals',
      'report_conflicts',
      'report_events',
      'report_attachments',
      'report_messages',
      'reports',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`ALTER TABLE qualification_evidence DROP COLUMN revoked_at`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT ck_users_committee_seat_staff`);
    await q.query(`ALTER TABLE users DROP COLUMN committee_seat`);
    await q.query(`DROP SEQUENCE report_case_seq`);
    await q.query(`DROP TYPE report_outcome`);
    await q.query(`DROP TYPE report_duty`);
    await q.query(`DROP TYPE report_status`);
  }
}
