import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interpreter cards and photos.
 *
 * A card is a snapshot of what the card shows (languages and categories) with
 * an issue and expiry date. Triggers keep cards in step with register entries
 * in the same transaction as the change: a person gets a card when they first
 * have an entry in force (active or suspended), a new card when those
 * languages or categories change (the old one is then "replaced"), and the
 * card is revoked when no entry is left in force. The trigger is deferred to
 * commit, so a decision that adds three languages in one transaction issues
 * one card, not three. `cards_sync_person(person, true)` issues a new card
 * with the same content (a lost card), replacing the old one. Suspension does not reissue: the card check reads the
 * entries' live status, so a suspension shows on the check at once.
 */
export class Cards1764072000000 implements MigrationInterface {
  name = 'Cards1764072000000';

  public async up(q: QueryRunner): Promise<void> {
    // Per-person serialisation (shared by the search read model and cards)
    // took one advisory lock per person, so a transaction loading thousands
    // of persons (the demo seed at --scale 10 and up) ran out of the lock
    // table on PostgreSQL. Locking one of 4 096 buckets bounds the locks a
    // transaction can hold; persons in the same bucket merely wait for
    // each other.
    await q.query(`
      CREATE OR REPLACE FUNCTION public_entries_lock_person(person uuid) RETURNS void
      LANGUAGE sql AS $$
        SELECT pg_advisory_xact_lock(7370002, hashtext(person::text) & 4095)
      $$`);
    // One row: the card validity, set from configuration at start-up.
    await q.query(`
      CREATE TABLE card_policy (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        validity interval NOT NULL DEFAULT '5 years' CHECK (validity > interval '0')
      )`);
    await q.query(`INSERT INTO card_policy DEFAULT VALUES`);

    await q.query(`
      CREATE TABLE interpreter_photos (
        interpreter_id uuid PRIMARY KEY REFERENCES interpreters(id) ON DELETE CASCADE,
        media_type varchar(20) NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
        data bytea NOT NULL CHECK (octet_length(data) BETWEEN 1 AND 2097152),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE cards (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        interpreter_id uuid NOT NULL REFERENCES interpreters(id) ON DELETE CASCADE,
        -- The person's nth card; the printed card number is "<interpreter number>-<serial>".
        serial integer NOT NULL CHECK (serial > 0),
        -- What the card shows: [{"code": "ara", "category": "A"}, ...], best category first.
        languages jsonb NOT NULL,
        fingerprint text NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        replaced_at timestamptz,
        replaced_by bigint REFERENCES cards(id),
        revoked_at timestamptz,
        CONSTRAINT uq_cards_person_serial UNIQUE (interpreter_id, serial),
        CONSTRAINT ck_cards_expiry CHECK (expires_at > issued_at)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_cards_one_current ON cards (interpreter_id)
         WHERE replaced_at IS NULL AND revoked_at IS NULL`,
    );
    await q.query(`CREATE INDEX ix_cards_issued ON cards (issued_at, id)`);

    await q.query(`
      CREATE FUNCTION cards_sync_person(person uuid, reissue boolean DEFAULT false)
      RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        current_card cards%ROWTYPE;
        has_card boolean;
        langs jsonb;
        fp text;
        new_id bigint;
      BEGIN
        -- The same per-person lock as the search read model: one lock per person
        -- (a bulk load of the whole register must fit in the lock table).
        PERFORM public_entries_lock_person(person);
        SELECT coalesce(jsonb_agg(jsonb_build_object('code', language_code, 'category', category)
                                  ORDER BY category, language_code COLLATE "C"), '[]'::jsonb),
               coalesce(string_agg(language_code || ':' || category::text, ','
                                  ORDER BY category, language_code COLLATE "C"), '')
          INTO langs, fp
          FROM register_entries
         WHERE interpreter_id = person AND status IN ('active', 'suspended');
        SELECT * INTO current_card FROM cards
         WHERE interpreter_id = person AND replaced_at IS NULL AND revoked_at IS NULL;
        has_card := FOUND;
        IF fp = '' THEN
          IF has_card THEN
            UPDATE cards SET revoked_at = now() WHERE id = current_card.id;
          END IF;
          RETURN;
        END IF;
        -- An unexpired card that shows the same languages and categories stays,
        -- unless a new one is asked for (the holder lost it).
        IF has_card AND NOT reissue AND current_card.fingerprint = fp
           AND current_card.expires_at > now() THEN
          RETURN;
        END IF;
        IF has_card THEN
          UPDATE cards SET replaced_at = now() WHERE id = current_card.id;
        END IF;
        INSERT INTO cards (interpreter_id, serial, languages, fingerprint, expires_at)
          SELECT person,
                 (SELECT coalesce(max(serial), 0) + 1 FROM cards WHERE interpreter_id = person),
                 langs, fp, now() + p.validity
            FROM card_policy p
          RETURNING id INTO new_id;
        IF has_card THEN
          UPDATE cards SET replaced_by = new_id WHERE id = current_card.id;
        END IF;
      END $$`);
    await q.query(`
      CREATE FUNCTION cards_sync_entry() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          PERFORM cards_sync_person(OLD.interpreter_id);
        END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.interpreter_id <> OLD.interpreter_id) THEN
          PERFORM cards_sync_person(NEW.interpreter_id);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER tg_register_entries_cards
        AFTER INSERT OR UPDATE OF interpreter_id, language_code, category, status OR DELETE
        ON register_entries DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION cards_sync_entry()`);

    // Cards for a register that already has entries.
    await q.query(`
      SELECT cards_sync_person(p.id) FROM (
        SELECT DISTINCT interpreter_id AS id FROM register_entries
         WHERE status IN ('active', 'suspended')) p`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tg_register_entries_cards ON register_entries`);
    await q.query(`DROP FUNCTION cards_sync_entry()`);
    await q.query(`DROP FUNCTION cards_sync_person(uuid, boolean)`);
    await q.query(`DROP TABLE cards`);
    await q.query(`DROP TABLE interpreter_photos`);
    await q.query(`DROP TABLE card_policy`);
    await q.query(`
      CREATE OR REPLACE FUNCTION public_entries_lock_person(person uuid) RETURNS void
      LANGUAGE sql AS $$
        SELECT pg_advisory_xact_lock(7370002, hashtext(person::text))
      $$`);
  }
}
