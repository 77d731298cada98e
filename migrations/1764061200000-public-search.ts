import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A read model for the public search: one row per *active* entry, carrying the
 * person's public filter and sort columns, so that a search reads one table in
 * index order and stops after a page instead of joining and grouping the whole
 * register. It holds nothing private (no identity number, no contact data)
 * and nothing non-active. Triggers keep it exact in the same transaction as
 * every change to entries or persons, so a suspension disappears from search
 * at once.
 */
export class PublicSearch1764061200000 implements MigrationInterface {
  name = 'PublicSearch1764061200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_entries (
        entry_id uuid PRIMARY KEY REFERENCES register_entries(id) ON DELETE CASCADE,
        interpreter_id uuid NOT NULL REFERENCES interpreters(id) ON DELETE CASCADE,
        interpreter_number integer NOT NULL,
        language_code varchar(20) COLLATE "C" NOT NULL,
        category category NOT NULL,
        county_code char(2) NOT NULL,
        gender gender,
        availability availability NOT NULL,
        modalities modality[] NOT NULL,
        search_text varchar(500) NOT NULL,
        -- "C" collation: the same order on every database, whatever its locale.
        sort_key varchar(500) COLLATE "C" NOT NULL,
        -- The person's best active entry (lowest category, then language code):
        -- exactly one per person, so person-level searches and counts need no grouping.
        is_primary boolean NOT NULL DEFAULT false,
        CONSTRAINT uq_public_entries_interpreter_language UNIQUE (interpreter_id, language_code)
      )`);
    await q.query(
      `CREATE INDEX ix_public_entries_order ON public_entries (category, sort_key, interpreter_number)`,
    );
    await q.query(
      `CREATE INDEX ix_public_entries_primary_order ON public_entries (category, sort_key, interpreter_number)
         INCLUDE (county_code, gender, availability) WHERE is_primary`,
    );
    await q.query(
      `CREATE UNIQUE INDEX uq_public_entries_one_primary ON public_entries (interpreter_id) WHERE is_primary`,
    );
    await q.query(
      `CREATE INDEX ix_public_entries_language_order
         ON public_entries (language_code, category, sort_key, interpreter_number)
         INCLUDE (county_code, gender, availability)`,
    );
    await q.query(
      `CREATE INDEX ix_public_entries_person ON public_entries (interpreter_id, category, language_code)`,
    );
    await q.query(
      `CREATE INDEX ix_public_entries_county ON public_entries (county_code, category, sort_key, interpreter_number)`,
    );
    await q.query(
      `CREATE INDEX ix_public_entries_search_text ON public_entries USING gin (search_text gin_trgm_ops)`,
    );

    // Changes to one person's entries are serialised, so that two concurrent
    // transactions cannot both decide which entry is primary from stale views
    // (which could leave a person with no primary entry, hidden from search).
    await q.query(`
      CREATE FUNCTION public_entries_lock_person(person uuid) RETURNS void LANGUAGE sql AS $$
        SELECT pg_advisory_xact_lock(7370002, hashtext(person::text))
      $$`);
    await q.query(`
      CREATE FUNCTION public_entries_refresh_primary(person uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        best uuid;
      BEGIN
        PERFORM public_entries_lock_person(person);
        SELECT entry_id INTO best FROM public_entries
         WHERE interpreter_id = person ORDER BY category, language_code LIMIT 1;
        -- Clear first, then set: the unique index allows one primary entry per person.
        UPDATE public_entries SET is_primary = false
         WHERE interpreter_id = person AND is_primary AND entry_id IS DISTINCT FROM best;
        UPDATE public_entries SET is_primary = true
         WHERE entry_id = best AND NOT is_primary;
      END $$`);
    await q.query(`
      CREATE FUNCTION public_entries_sync_entry() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        primary_now boolean;
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          PERFORM public_entries_lock_person(OLD.interpreter_id);
        END IF;
        IF TG_OP <> 'DELETE' THEN
          PERFORM public_entries_lock_person(NEW.interpreter_id);
        END IF;
        IF TG_OP = 'DELETE' THEN
          DELETE FROM public_entries WHERE entry_id = OLD.id;
          PERFORM public_entries_refresh_primary(OLD.interpreter_id);
          RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.interpreter_id <> NEW.interpreter_id THEN
          DELETE FROM public_entries WHERE entry_id = OLD.id;
          PERFORM public_entries_refresh_primary(OLD.interpreter_id);
        END IF;
        IF NEW.status <> 'active' THEN
          DELETE FROM public_entries WHERE entry_id = NEW.id;
          PERFORM public_entries_refresh_primary(NEW.interpreter_id);
          RETURN NEW;
        END IF;
        -- Decide primacy before writing, so a bulk insert writes each row once.
        primary_now := NOT EXISTS (
          SELECT 1 FROM public_entries b
           WHERE b.interpreter_id = NEW.interpreter_id AND b.entry_id <> NEW.id
             AND (b.category, b.language_code) < (NEW.category, NEW.language_code COLLATE "C"));
        IF primary_now THEN
          UPDATE public_entries SET is_primary = false
           WHERE interpreter_id = NEW.interpreter_id AND is_primary AND entry_id <> NEW.id;
        END IF;
        INSERT INTO public_entries (entry_id, interpreter_id, interpreter_number, language_code,
            category, county_code, gender, availability, modalities, search_text, sort_key, is_primary)
          SELECT NEW.id, i.id, i.interpreter_number, NEW.language_code, NEW.category, i.county_code,
                 i.gender, i.availability, i.modalities, i.search_text, i.sort_key, primary_now
            FROM interpreters i WHERE i.id = NEW.interpreter_id
        ON CONFLICT (entry_id) DO UPDATE SET
          interpreter_id = EXCLUDED.interpreter_id,
          interpreter_number = EXCLUDED.interpreter_number,
          language_code = EXCLUDED.language_code,
          category = EXCLUDED.category,
          county_code = EXCLUDED.county_code,
          gender = EXCLUDED.gender,
          availability = EXCLUDED.availability,
          modalities = EXCLUDED.modalities,
          search_text = EXCLUDED.search_text,
          sort_key = EXCLUDED.sort_key,
          is_primary = EXCLUDED.is_primary;
        IF NOT primary_now THEN
          -- This entry may have been the primary one and got worse: promote the best.
          PERFORM public_entries_refresh_primary(NEW.interpreter_id);
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_register_entries_public
        AFTER INSERT OR UPDATE OR DELETE ON register_entries
        FOR EACH ROW EXECUTE FUNCTION public_entries_sync_entry()`);

    await q.query(`
      CREATE FUNCTION public_entries_sync_interpreter() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE public_entries SET
          interpreter_number = NEW.interpreter_number,
          county_code = NEW.county_code,
          gender = NEW.gender,
          availability = NEW.availability,
          modalities = NEW.modalities,
          search_text = NEW.search_text,
          sort_key = NEW.sort_key
        WHERE interpreter_id = NEW.id;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_interpreters_public
        AFTER UPDATE OF interpreter_number, county_code, gender, availability, modalities,
          search_text, sort_key ON interpreters
        FOR EACH ROW EXECUTE FUNCTION public_entries_sync_interpreter()`);

    await q.query(`
      INSERT INTO public_entries (entry_id, interpreter_id, interpreter_number, language_code,
          category, county_code, gender, availability, modalities, search_text, sort_key)
        SELECT e.id, i.id, i.interpreter_number, e.language_code, e.category, i.county_code,
               i.gender, i.availability, i.modalities, i.search_text, i.sort_key
          FROM register_entries e JOIN interpreters i ON i.id = e.interpreter_id
         WHERE e.status = 'active'`);
    await q.query(`
      UPDATE public_entries p SET is_primary = true
        FROM (SELECT DISTINCT ON (interpreter_id) entry_id FROM public_entries
               ORDER BY interpreter_id, category, language_code) best
       WHERE p.entry_id = best.entry_id`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tg_interpreters_public ON interpreters`);
    await q.query(`DROP TRIGGER tg_register_entries_public ON register_entries`);
    await q.query(`DROP FUNCTION public_entries_sync_interpreter()`);
    await q.query(`DROP FUNCTION public_entries_sync_entry()`);
    await q.query(`DROP FUNCTION public_entries_refresh_primary(uuid)`);
    await q.query(`DROP FUNCTION public_entries_lock_person(uuid)`);
    await q.query(`DROP TABLE public_entries`);
  }
}
