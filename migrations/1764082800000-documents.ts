import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploaded documents (evidence, card photos, attachments): one row each,
 * owned by the user who uploaded it. The bytes live in `content` (database
 * storage) or in a file named by the row's id in UPLOAD_DIR (folder
 * storage); `storage` says which, so rows written under either setting stay
 * readable. Only types sniffed from the bytes are stored; `display_name` is
 * the client's file name cleaned for display, never used as a path.
 */
export class Documents1764082800000 implements MigrationInterface {
  name = 'Documents1764082800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_user_id uuid NOT NULL REFERENCES users(id),
        purpose varchar(20) NOT NULL CHECK (purpose IN ('evidence', 'photo', 'attachment')),
        media_type varchar(30) NOT NULL
          CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        byte_size integer NOT NULL CHECK (byte_size BETWEEN 1 AND 67108864),
        sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        display_name varchar(200) NOT NULL CHECK (display_name <> ''),
        width integer CHECK (width > 0),
        height integer CHECK (height > 0),
        storage varchar(10) NOT NULL CHECK (storage IN ('database', 'folder')),
        content bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Images have dimensions, PDFs none; a photo is an image.
        CONSTRAINT ck_documents_dimensions CHECK (
          (media_type = 'application/pdf') = (width IS NULL AND height IS NULL)
          AND (width IS NULL) = (height IS NULL)),
        CONSTRAINT ck_documents_photo_is_image CHECK (purpose <> 'photo' OR media_type <> 'application/pdf'),
        -- The bytes are in the row exactly when the row says so, and all of them.
        CONSTRAINT ck_documents_content CHECK (
          CASE storage
            WHEN 'database' THEN content IS NOT NULL AND octet_length(content) = byte_size
            ELSE content IS NULL
          END)
      )`);
    await q.query(`CREATE INDEX ix_documents_owner ON documents (owner_user_id, created_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE documents`);
  }
}
