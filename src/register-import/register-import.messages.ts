import type { Catalogue, UiLanguage } from '../web/i18n.js';
import type { FileErrorCode } from './csv-records.js';
import type { ImportColumn, RowErrorCode } from './import-row.js';

type Args = Array<string | number>;
type ReasonText = (column: string, args: Args) => string;

const MIB = 1024 * 1024;
const size = (bytes: unknown) =>
  Number(bytes) >= MIB ? `${Math.round(Number(bytes) / MIB)} MiB` : `${String(bytes)} bytes`;

const reasonsNb: Record<RowErrorCode | FileErrorCode, ReasonText> = {
  FILE_TOO_LARGE: (_c, [limit]) =>
    `Filen er større enn ${size(limit).replace('bytes', 'byte')}. Del den opp, eller be driften øke grensen (IMPORT_MAX_BYTES).`,
  TOO_MANY_ROWS: (_c, [limit]) =>
    `Filen har flere enn ${limit} rader. Del den opp, eller be driften øke grensen (IMPORT_MAX_ROWS).`,
  MALFORMED_CSV: () =>
    'Filen kan ikke leses herfra: et felt i anførselstegn avsluttes ikke, eller en rad er for lang.',
  EMPTY_FILE: () => 'Filen har ingen rader med data under overskriftsraden.',
  UNKNOWN_COLUMN: (_c, [name]) => `Ukjent kolonne «${name}».`,
  DUPLICATE_COLUMN: (c) => `Kolonnen ${c} står to ganger.`,
  MISSING_COLUMN: (c) => `Kolonnen ${c} mangler i overskriftsraden.`,
  TOO_MANY_COLUMNS: (_c, [width]) => `Raden har flere felt enn overskriftsraden (${width}).`,
  TOO_FEW_COLUMNS: (_c, [got, needed]) => `Raden har ${got} felt, men trenger ${needed}.`,
  NOT_UTF8: () => 'Raden har tegn som ikke er UTF-8. Lagre filen som «CSV UTF-8».',
  MISSING_FIELD: (c) => `${c} mangler.`,
  TOO_LONG: (c, [max]) => `${c} er lengre enn ${max} tegn.`,
  NATIONAL_ID_FORMAT: (_c, [hint]) =>
    hint === 'zero'
      ? 'Fødselsnummeret har 10 siffer: Excel har trolig fjernet en null foran. Formater kolonnen som tekst.'
      : 'Fødselsnummeret må ha 11 siffer.',
  NATIONAL_ID_CHECKSUM: () => 'Fødselsnummeret er ugyldig (kontrollsifrene stemmer ikke).',
  UNKNOWN_COUNTY: (_c, [value]) => `Ukjent fylkesnummer «${value}».`,
  UNKNOWN_LANGUAGE: (_c, [value]) => `Ukjent språkkode «${value}» (se /api/languages).`,
  BAD_CATEGORY: (_c, [value]) => `Kategorien «${value}» finnes ikke (A–E).`,
  BAD_DATE: () => 'registered_on må være en dato på formen ÅÅÅÅ-MM-DD.',
  FUTURE_DATE: () => 'registered_on er etter dagens dato.',
  BAD_EMAIL: () => 'E-postadressen er ugyldig.',
  BAD_PHONE: () => 'Telefonnummeret er ugyldig (siffer og mellomrom, gjerne med + foran).',
  BAD_AVAILABILITY: (_c, [value]) =>
    `Ukjent tilgjengelighet «${value}» (full_time, part_time eller occasional).`,
  DUPLICATE_ROW: (_c, [first]) => `Samme person og språk som på linje ${first}.`,
  CONFLICTING_PERSON: (c, [lines]) =>
    `Radene for samme person (linje ${lines}) har ulik ${c}. Ingen av dem importeres.`,
  PERSON_MISMATCH: () =>
    'Registeret har dette fødselsnummeret med et annet navn. Sjekk fødselsnummer og navn.',
  ENTRY_EXISTS: (_c, [category, status]) =>
    `Personen står allerede i registeret for dette språket (kategori ${category}, ${statusNb[status] ?? status}). Endringer gjøres ved vedtak, ikke ved import.`,
};

const statusNb: Record<string, string> = {
  active: 'aktiv',
  suspended: 'suspendert',
  excluded: 'utestengt',
  inactive: 'inaktiv',
};

const reasonsEn: Record<RowErrorCode | FileErrorCode, ReasonText> = {
  FILE_TOO_LARGE: (_c, [limit]) =>
    `The file is larger than ${size(limit)}. Split it, or ask operations to raise the limit (IMPORT_MAX_BYTES).`,
  TOO_MANY_ROWS: (_c, [limit]) =>
    `The file has more than ${limit} rows. Split it, or ask operations to raise the limit (IMPORT_MAX_ROWS).`,
  MALFORMED_CSV: () =>
    'The file cannot be read from here on: a quoted field is never closed, or a row is too long.',
  EMPTY_FILE: () => 'The file has no data rows below the header row.',
  UNKNOWN_COLUMN: (_c, [name]) => `Unknown column “${name}”.`,
  DUPLICATE_COLUMN: (c) => `The column ${c} appears twice.`,
  MISSING_COLUMN: (c) => `The header row lacks the column ${c}.`,
  TOO_MANY_COLUMNS: (_c, [width]) => `The row has more fields than the header row (${width}).`,
  TOO_FEW_COLUMNS: (_c, [got, needed]) => `The row has ${got} fields but needs ${needed}.`,
  NOT_UTF8: () => 'The row has characters that are not UTF-8. Save the file as “CSV UTF-8”.',
  MISSING_FIELD: (c) => `${c} is missing.`,
  TOO_LONG: (c, [max]) => `${c} is longer than ${max} characters.`,
  NATIONAL_ID_FORMAT: (_c, [hint]) =>
    hint === 'zero'
      ? 'The national identity number has 10 digits: Excel probably removed a leading zero. Format the column as text.'
      : 'The national identity number must have 11 digits.',
  NATIONAL_ID_CHECKSUM: () =>
    'The national identity number is invalid (its check digits are wrong).',
  UNKNOWN_COUNTY: (_c, [value]) => `Unknown county number “${value}”.`,
  UNKNOWN_LANGUAGE: (_c, [value]) => `Unknown language code “${value}” (see /api/languages).`,
  BAD_CATEGORY: (_c, [value]) => `There is no category “${value}” (A–E).`,
  BAD_DATE: () => 'registered_on must be a date written YYYY-MM-DD.',
  FUTURE_DATE: () => 'registered_on is after today.',
  BAD_EMAIL: () => 'The email address is invalid.',
  BAD_PHONE: () => 'The phone number is invalid (digits and spaces, optionally a leading +).',
  BAD_AVAILABILITY: (_c, [value]) =>
    `Unknown availability “${value}” (full_time, part_time or occasional).`,
  DUPLICATE_ROW: (_c, [first]) => `The same person and language as on line ${first}.`,
  CONFLICTING_PERSON: (c, [lines]) =>
    `The rows for the same person (lines ${lines}) differ in ${c}. None of them is imported.`,
  PERSON_MISMATCH: () =>
    'The register has this national identity number under another name. Check the number and the name.',
  ENTRY_EXISTS: (_c, [category, status]) =>
    `The person is already in the register for this language (category ${category}, ${status}). Changes are made by decisions, not by import.`,
};

/** A problem's text in one language. */
export function reasonText(
  lang: UiLanguage,
  problem: { code: RowErrorCode | FileErrorCode; column?: ImportColumn; args?: Args },
): string {
  const texts = lang === 'en' ? reasonsEn : reasonsNb;
  return texts[problem.code](problem.column ?? '', problem.args ?? []);
}

const nb = {
  importTitle: 'Importer register fra CSV',
  importIntro:
    'Last opp det eksisterende registeret som en CSV-fil med én rad per oppføring (person og språk). En person med flere språk har én rad per språk, med samme fødselsnummer.',
  importFormatHeading: 'Kolonner',
  importFormatText:
    'Første rad er overskriftsraden med kolonnenavnene nedenfor, i hvilken som helst rekkefølge. Komma eller semikolon som skilletegn, UTF-8 (med eller uten BOM), Windows- eller Unix-linjeskift.',
  importColumnName: 'Kolonne',
  importColumnRequired: 'Påkrevd',
  importColumnMeaning: 'Innhold',
  yes: 'ja',
  no: 'nei',
  importColumns: {
    national_id: 'Fødselsnummer, 11 siffer (formater kolonnen som tekst i Excel)',
    given_name: 'Fornavn',
    family_name: 'Etternavn',
    county: 'Fylkesnummer, 2 siffer (03 = Oslo)',
    municipality: 'Kommune',
    language: 'Registerets språkkode (ara, tir, nsl …)',
    category: 'Kategori A–E',
    registered_on: 'Dato for oppføringen, ÅÅÅÅ-MM-DD, ikke fram i tid',
    email: 'E-post (ikke offentlig)',
    phone: 'Telefon (ikke offentlig)',
    availability: 'full_time, part_time eller occasional (standard: occasional)',
  } as Record<string, string>,
  importRules:
    'En fil med feil importeres ikke, med mindre du krysser av for å hoppe over radene med feil. Alt som importeres, skrives samlet: alt eller ingenting. Rader som allerede står i registeret med samme kategori, hoppes over. Kontaktopplysninger importeres som ikke-offentlige.',
  importLimits: (mib: number, rows: string) => `Høyst ${mib} MiB og ${rows} rader.`,
  importFileLabel: 'CSV-fil',
  importSkipLabel: 'Hopp over rader med feil og importer resten',
  importCheckButton: 'Bare kontroller filen',
  importButton: 'Importer',
  importResultTitle: 'Resultat av importen',
  importStatus: {
    checked: 'Filen er kontrollert. Ingenting er importert.',
    imported: 'Importen er fullført.',
    refused: 'Filen har feil. Ingenting er importert.',
  } as Record<string, string>,
  importRows: 'Rader lest',
  importPersons: 'Nye personer',
  importExistingPersons: 'Personer som allerede står i registeret',
  importEntries: 'Nye oppføringer',
  importAlreadyRegistered: 'Rader som allerede står i registeret (hoppet over)',
  importBadRows: 'Rader med feil',
  importErrorsHeading: 'Feil',
  importLine: 'Linje',
  importReason: 'Årsak',
  importMoreErrors: (n: number) => `… og ${n} feil til.`,
  importErrorSummary: 'Filen har feil',
  importAgain: 'Last opp en ny fil',
};

type ImportMessages = typeof nb;

const en: ImportMessages = {
  importTitle: 'Import the register from CSV',
  importIntro:
    'Upload the existing register as a CSV file with one row per entry (person and language). A person with several languages has one row per language, with the same national identity number.',
  importFormatHeading: 'Columns',
  importFormatText:
    'The first row is the header row with the column names below, in any order. Comma or semicolon as delimiter, UTF-8 (with or without BOM), Windows or Unix line endings.',
  importColumnName: 'Column',
  importColumnRequired: 'Required',
  importColumnMeaning: 'Content',
  yes: 'yes',
  no: 'no',
  importColumns: {
    national_id: 'National identity number, 11 digits (format the column as text in Excel)',
    given_name: 'Given name',
    family_name: 'Family name',
    county: 'County number, 2 digits (03 = Oslo)',
    municipality: 'Municipality',
    language: 'The register’s language code (ara, tir, nsl …)',
    category: 'Category A–E',
    registered_on: 'Date of the entry, YYYY-MM-DD, not in the future',
    email: 'Email (not public)',
    phone: 'Phone (not public)',
    availability: 'full_time, part_time or occasional (default: occasional)',
  },
  importRules:
    'A file with errors is not imported unless you choose to skip the rows with errors. What is imported is written at once: all or nothing. Rows already in the register with the same category are skipped. Contact details are imported as not public.',
  importLimits: (mib: number, rows: string) => `At most ${mib} MiB and ${rows} rows.`,
  importFileLabel: 'CSV file',
  importSkipLabel: 'Skip the rows with errors and import the rest',
  importCheckButton: 'Check the file only',
  importButton: 'Import',
  importResultTitle: 'Result of the import',
  importStatus: {
    checked: 'The file has been checked. Nothing was imported.',
    imported: 'The import is complete.',
    refused: 'The file has errors. Nothing was imported.',
  },
  importRows: 'Rows read',
  importPersons: 'New persons',
  importExistingPersons: 'Persons already in the register',
  importEntries: 'New entries',
  importAlreadyRegistered: 'Rows already in the register (skipped)',
  importBadRows: 'Rows with errors',
  importErrorsHeading: 'Errors',
  importLine: 'Line',
  importReason: 'Reason',
  importMoreErrors: (n: number) => `… and ${n} more errors.`,
  importErrorSummary: 'The file has errors',
  importAgain: 'Upload another file',
};

export const REGISTER_IMPORT_MESSAGES: Catalogue<ImportMessages> = { nb, en };
