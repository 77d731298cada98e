import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The 15 county codes from 1 January 2024 (the counties table's reference rows). */
const COUNTY_CODES = [
  '03',
  '11',
  '15',
  '18',
  '31',
  '32',
  '33',
  '34',
  '39',
  '40',
  '42',
  '46',
  '50',
  '55',
  '56',
];

/**
 * An interpreter's own profile and their card photo's replacement.
 *
 * `interpreters.public_note` (a short public text) and `work_counties` (the
 * counties they take assignments in; a CHECK against the county codes, since
 * an array cannot carry a foreign key). A county merger comes with a
 * migration that rewrites the arrays and this CHECK together.
 *
 * `photo_submissions`: a new card photo waits for a case handler. At most one
 * pending per interpreter (a newer one withdraws the older); approved,
 * refused and withdrawn ones stay as the history the person may ask for.
 */
export class Profile1764093600000 implements MigrationInterface {
  name = 'Profile1764093600000';

  public async up(q: QueryRunner): Promise<void> {
    const codes = COUNTY_CODES.map((c) => `'${c}'`).join(', ');
    await q.query(`
      ALTER TABLE interpreters
        ADD COLUMN public_note varchar(300),
        ADD COLUMN work_counties char(2)[] NOT NULL DEFAULT '{}',
        ADD CONSTRAINT ck_interpreters_work_counties
          CHECK (work_counties <@ ARRAY[${codes}]::char(2)[]
                 AND array_position(work_counties, NULL) IS NULL),
        ADD CONSTRAINT ck_interpreters_public_note
          CHECK (public_note IS NULL OR public_note !~ '[[:cntrl:]]')`);

    await q.query(`
      CREATE TABLE photo_submissions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        interpreter_id uuid NOT NULL REFERENCES interpreters(id) ON DELETE CASCADE,
        document_id uuid NOT NULL REFERENCES documents(id),
        status varchar(10) NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'approved', 'refused', 'withdrawn')),
        submitted_by uuid REFERENCES users(id),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz,
        reason text CHECK (length(reason) <= 2000),
        -- The language of the mail about the decision: the one the person submitted in.
        lang char(2) NOT NULL DEFAULT 'nb' CHECK (lang IN ('nb', 'en')),
        CONSTRAINT ck_photo_submissions_decided CHECK (
          (status = 'pending') = (decided_at IS NULL)
          AND (status <> 'refused' OR reason IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_photo_submissions_one_pending ON photo_submissions (interpreter_id)
        WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX ix_photo_submissions_queue ON photo_submissions (submitted_at, id)
        WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX ix_photo_submissions_interpreter ON photo_submissions (interpreter_id, submitted_at)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE photo_submissions`);
    await q.query(`
      ALTER TABLE interpreters
        DROP CONSTRAINT ck_interpreters_public_note,
        DROP CONSTRAINT ck_interpreters_work_counties,
        DROP COLUMN work_counties,
        DROP COLUMN public_note`);
  }
}
