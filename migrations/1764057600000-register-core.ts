import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register's core schema: reference data (counties, languages), persons,
 * their qualification evidence and their register entries.
 * Reference data is inserted here as a frozen snapshot; later changes to it
 * come as new migrations or through the application.
 */
const COUNTIES: Array<[string, string]> = [
  ['03', 'Oslo'],
  ['11', 'Rogaland'],
  ['15', 'Møre og Romsdal'],
  ['18', 'Nordland'],
  ['31', 'Østfold'],
  ['32', 'Akershus'],
  ['33', 'Buskerud'],
  ['34', 'Innlandet'],
  ['39', 'Vestfold'],
  ['40', 'Telemark'],
  ['42', 'Agder'],
  ['46', 'Vestland'],
  ['50', 'Trøndelag'],
  ['55', 'Troms'],
  ['56', 'Finnmark'],
];

// code, name (bokmål), name (English), name in the language itself, kind
const LANGUAGES: Array<[string, string, string, string | null, string]> = [
  ['ara', 'Arabisk', 'Arabic', 'العربية', 'spoken'],
  ['pol', 'Polsk', 'Polish', 'polski', 'spoken'],
  ['som', 'Somali', 'Somali', 'Soomaali', 'spoken'],
  ['tir', 'Tigrinja', 'Tigrinya', 'ትግርኛ', 'spoken'],
  ['prs', 'Dari', 'Dari', 'دری', 'spoken'],
  ['ckb', 'Kurdisk sorani', 'Kurdish (Sorani)', 'کوردیی ناوەندی', 'spoken'],
  ['lit', 'Litauisk', 'Lithuanian', 'lietuvių', 'spoken'],
  ['tur', 'Tyrkisk', 'Turkish', 'Türkçe', 'spoken'],
  ['por', 'Portugisisk', 'Portuguese', 'português', 'spoken'],
  ['eng', 'Engelsk', 'English', 'English', 'spoken'],
  ['rus', 'Russisk', 'Russian', 'русский', 'spoken'],
  ['fas', 'Persisk (farsi)', 'Persian (Farsi)', 'فارسی', 'spoken'],
  ['ukr', 'Ukrainsk', 'Ukrainian', 'українська', 'spoken'],
  ['spa', 'Spansk', 'Spanish', 'español', 'spoken'],
  ['kmr', 'Kurdisk kurmanji', 'Kurdish (Kurmanji)', 'Kurmancî', 'spoken'],
  ['pus', 'Pashto', 'Pashto', 'پښتو', 'spoken'],
  ['urd', 'Urdu', 'Urdu', 'اردو', 'spoken'],
  ['tha', 'Thai', 'Thai', 'ไทย', 'spoken'],
  ['vie', 'Vietnamesisk', 'Vietnamese', 'Tiếng Việt', 'spoken'],
  [
    'hbs',
    'Bosnisk/kroatisk/serbisk/montenegrinsk',
    'Bosnian/Croatian/Serbian/Montenegrin',
    'bosanski/hrvatski/srpski/crnogorski',
    'spoken',
  ],
  ['sqi', 'Albansk', 'Albanian', 'shqip', 'spoken'],
  ['amh', 'Amharisk', 'Amharic', 'አማርኛ', 'spoken'],
  ['fra', 'Fransk', 'French', 'français', 'spoken'],
  ['ron', 'Rumensk', 'Romanian', 'română', 'spoken'],
  ['cmn', 'Kinesisk (mandarin)', 'Chinese (Mandarin)', '普通话', 'spoken'],
  ['tam', 'Tamil', 'Tamil', 'தமிழ்', 'spoken'],
  ['deu', 'Tysk', 'German', 'Deutsch', 'spoken'],
  ['ita', 'Italiensk', 'Italian', 'italiano', 'spoken'],
  ['orm', 'Oromo', 'Oromo', 'Afaan Oromoo', 'spoken'],
  ['swa', 'Swahili', 'Swahili', 'Kiswahili', 'spoken'],
  ['lav', 'Latvisk', 'Latvian', 'latviešu', 'spoken'],
  ['est', 'Estisk', 'Estonian', 'eesti', 'spoken'],
  ['bul', 'Bulgarsk', 'Bulgarian', 'български', 'spoken'],
  ['hun', 'Ungarsk', 'Hungarian', 'magyar', 'spoken'],
  ['ces', 'Tsjekkisk', 'Czech', 'čeština', 'spoken'],
  ['slk', 'Slovakisk', 'Slovak', 'slovenčina', 'spoken'],
  ['ell', 'Gresk', 'Greek', 'Ελληνικά', 'spoken'],
  ['nld', 'Nederlandsk', 'Dutch', 'Nederlands', 'spoken'],
  ['pan', 'Panjabi', 'Punjabi', 'ਪੰਜਾਬੀ', 'spoken'],
  ['hin', 'Hindi', 'Hindi', 'हिन्दी', 'spoken'],
  ['ben', 'Bengali', 'Bengali', 'বাংলা', 'spoken'],
  ['mya', 'Burmesisk', 'Burmese', 'မြန်မာ', 'spoken'],
  ['ksw', 'Karen (s’gaw)', 'Karen (S’gaw)', 'ကညီ', 'spoken'],
  ['kin', 'Kinyarwanda', 'Kinyarwanda', 'Ikinyarwanda', 'spoken'],
  ['run', 'Kirundi', 'Kirundi', 'Ikirundi', 'spoken'],
  ['lin', 'Lingala', 'Lingala', 'lingála', 'spoken'],
  ['tgl', 'Tagalog', 'Tagalog', 'Tagalog', 'spoken'],
  ['nep', 'Nepali', 'Nepali', 'नेपाली', 'spoken'],
  ['jpn', 'Japansk', 'Japanese', '日本語', 'spoken'],
  ['yue', 'Kantonesisk', 'Cantonese', '廣東話', 'spoken'],
  ['ber', 'Berbisk (tamazight)', 'Berber (Tamazight)', 'ⵜⴰⵎⴰⵣⵉⵖⵜ', 'spoken'],
  ['sme', 'Nordsamisk', 'Northern Sami', 'davvisámegiella', 'spoken'],
  ['che', 'Tsjetsjensk', 'Chechen', 'нохчийн', 'spoken'],
  ['uig', 'Uigurisk', 'Uyghur', 'ئۇيغۇرچە', 'spoken'],
  ['kat', 'Georgisk', 'Georgian', 'ქართული', 'spoken'],
  ['hye', 'Armensk', 'Armenian', 'հայերեն', 'spoken'],
  ['aze', 'Aserbajdsjansk', 'Azerbaijani', 'azərbaycan', 'spoken'],
  ['uzb', 'Usbekisk', 'Uzbek', 'oʻzbek', 'spoken'],
  ['mon', 'Mongolsk', 'Mongolian', 'монгол', 'spoken'],
  ['kor', 'Koreansk', 'Korean', '한국어', 'spoken'],
  ['ind', 'Indonesisk', 'Indonesian', 'Bahasa Indonesia', 'spoken'],
  ['sin', 'Singalesisk', 'Sinhala', 'සිංහල', 'spoken'],
  ['tig', 'Tigré', 'Tigre', 'ትግረ', 'spoken'],
  ['ful', 'Fulfulde', 'Fula', 'Fulfulde', 'spoken'],
  ['wol', 'Wolof', 'Wolof', 'Wolof', 'spoken'],
  ['hau', 'Hausa', 'Hausa', 'Hausa', 'spoken'],
  ['yor', 'Joruba', 'Yoruba', 'Yorùbá', 'spoken'],
  ['fin', 'Finsk', 'Finnish', 'suomi', 'spoken'],
  ['isl', 'Islandsk', 'Icelandic', 'íslenska', 'spoken'],
  ['fkv', 'Kvensk', 'Kven', 'kväänin kieli', 'spoken'],
  ['smj', 'Lulesamisk', 'Lule Sami', 'julevsámegiella', 'spoken'],
  ['nsl', 'Norsk tegnspråk', 'Norwegian Sign Language', null, 'sign'],
  [
    'nsl-x-tactile',
    'Tolking for døvblinde (taktilt tegnspråk)',
    'Interpreting for deafblind people (tactile sign language)',
    null,
    'sign',
  ],
  ['nor-x-written', 'Skrivetolking', 'Written interpretation (speech-to-text)', null, 'written'],
];

export class RegisterCore1764057600000 implements MigrationInterface {
  name = 'RegisterCore1764057600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`CREATE TYPE language_kind AS ENUM ('spoken', 'sign', 'written')`);
    await q.query(`CREATE TYPE gender AS ENUM ('female', 'male')`);
    await q.query(`CREATE TYPE availability AS ENUM ('full_time', 'part_time', 'occasional')`);
    await q.query(`CREATE TYPE modality AS ENUM ('on_site', 'video', 'phone')`);
    await q.query(`CREATE TYPE category AS ENUM ('A', 'B', 'C', 'D', 'E')`);
    await q.query(
      `CREATE TYPE entry_status AS ENUM ('active', 'suspended', 'excluded', 'inactive')`,
    );
    await q.query(
      `CREATE TYPE evidence_kind AS ENUM ('state_authorisation', 'bachelor_interpreting',
        'basic_course', 'bilingual_test', 'tao_course', 'state_authorised_translator')`,
    );

    await q.query(`
      CREATE TABLE counties (
        code char(2) PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
        name varchar(100) NOT NULL
      )`);
    await q.query(`
      CREATE TABLE languages (
        code varchar(20) PRIMARY KEY CHECK (code ~ '^[a-z]{2,3}(-[a-z0-9]{1,8})*$'),
        name_nb varchar(100) NOT NULL,
        name_en varchar(100) NOT NULL,
        native_name varchar(100),
        kind language_kind NOT NULL
      )`);

    await q.query(`CREATE SEQUENCE interpreter_number_seq START WITH 10001`);
    await q.query(`
      CREATE TABLE interpreters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        interpreter_number integer NOT NULL DEFAULT nextval('interpreter_number_seq'),
        national_id char(11) NOT NULL CHECK (national_id ~ '^[0-9]{11}$'),
        given_name varchar(100) NOT NULL,
        family_name varchar(100) NOT NULL,
        search_text varchar(500) NOT NULL,
        sort_key varchar(500) COLLATE "C" NOT NULL,
        gender gender,
        county_code char(2) NOT NULL REFERENCES counties(code),
        municipality varchar(100) NOT NULL,
        email varchar(254),
        email_public boolean NOT NULL DEFAULT false,
        phone varchar(20),
        phone_public boolean NOT NULL DEFAULT false,
        availability availability NOT NULL,
        modalities modality[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_interpreters_interpreter_number UNIQUE (interpreter_number),
        CONSTRAINT uq_interpreters_national_id UNIQUE (national_id)
      )`);
    await q.query(`ALTER SEQUENCE interpreter_number_seq OWNED BY interpreters.interpreter_number`);
    await q.query(`CREATE INDEX ix_interpreters_county ON interpreters (county_code)`);
    await q.query(
      `CREATE INDEX ix_interpreters_search_text ON interpreters USING gin (search_text gin_trgm_ops)`,
    );
    await q.query(
      `CREATE INDEX ix_interpreters_sort ON interpreters (sort_key, interpreter_number)`,
    );

    await q.query(`
      CREATE TABLE qualification_evidence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        interpreter_id uuid NOT NULL REFERENCES interpreters(id) ON DELETE CASCADE,
        language_code varchar(20) REFERENCES languages(code),
        kind evidence_kind NOT NULL,
        obtained_on date NOT NULL,
        issuer varchar(200),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_evidence_language CHECK ((kind = 'tao_course') = (language_code IS NULL))
      )`);
    await q.query(
      `CREATE INDEX ix_evidence_interpreter ON qualification_evidence (interpreter_id, language_code)`,
    );

    await q.query(`
      CREATE TABLE register_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        interpreter_id uuid NOT NULL REFERENCES interpreters(id) ON DELETE CASCADE,
        language_code varchar(20) NOT NULL REFERENCES languages(code),
        category category NOT NULL,
        status entry_status NOT NULL DEFAULT 'active',
        registered_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_register_entries_interpreter_language UNIQUE (interpreter_id, language_code)
      )`);
    await q.query(
      `CREATE INDEX ix_entries_active_language ON register_entries (language_code, category, interpreter_id)
        WHERE status = 'active'`,
    );
    await q.query(
      `CREATE INDEX ix_entries_active_category ON register_entries (category, interpreter_id)
        WHERE status = 'active'`,
    );

    for (const [code, name] of COUNTIES) {
      await q.query(`INSERT INTO counties (code, name) VALUES ($1, $2)`, [code, name]);
    }
    for (const row of LANGUAGES) {
      await q.query(
        `INSERT INTO languages (code, name_nb, name_en, native_name, kind) VALUES ($1, $2, $3, $4, $5)`,
        row,
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE register_entries`);
    await q.query(`DROP TABLE qualification_evidence`);
    await q.query(`DROP TABLE interpreters`);
    await q.query(`DROP TABLE languages`);
    await q.query(`DROP TABLE counties`);
    for (const t of [
      'evidence_kind',
      'entry_status',
      'category',
      'modality',
      'availability',
      'gender',
      'language_kind',
    ]) {
      await q.query(`DROP TYPE ${t}`);
    }
  }
}
