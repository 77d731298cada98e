import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE } from './1764075600000-runtime-role.js';

/**
 * Retired card signing keys, by key id. The keys themselves live outside the
 * database (CARD_SIGNING_KEYS or a key file, per node), so retiring a key by
 * editing them reaches only the node that reads that copy; this table is what
 * every node shares. A node's view of it is at most 30 seconds old; it stops
 * accepting, signing with and publishing the keys listed here.
 *
 * Append-only for the app: whoever holds the app's database login cannot
 * bring a retired (perhaps stolen) key back; only the schema owner can.
 */
export class CardKeyRetirements1764079200000 implements MigrationInterface {
  name = 'CardKeyRetirements1764079200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE card_key_retirements (
        -- base64url of the first 4 bytes of the key's RFC 7638 thumbprint, as in the token.
        kid varchar(6) PRIMARY KEY CHECK (kid ~ '^[A-Za-z0-9_-]{6}$'),
        retired_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON card_key_retirements FROM ${APP_GROUP_ROLE}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE card_key_retirements`);
  }
}
