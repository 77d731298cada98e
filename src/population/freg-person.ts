import { countyOfMunicipality, municipalityName } from './municipalities.js';
import type { RegisteredPerson } from './population-register.js';

/**
 * The parts of a person document from Folkeregisteret ("Offentlig med
 * hjemmel", GET …/api/v1/personer/{id}) that the register reads. Most
 * elements are historised lists; each item says whether it is the current
 * one (`erGjeldende`). Everything is optional here because nothing from
 * outside is trusted: `toRegisteredPerson` checks what it uses.
 */
export interface FregHistorised {
  erGjeldende?: boolean;
}

export interface FregPoststed {
  poststedsnavn?: string;
  postnummer?: string;
}

export interface FregAddress extends FregHistorised {
  adressegradering?: string;
  vegadresse?: { kommunenummer?: string; adressenavn?: string; poststed?: FregPoststed };
  matrikkeladresse?: { kommunenummer?: string; poststed?: FregPoststed };
  ukjentBosted?: { bostedskommune?: string };
}

export interface FregPersonDocument {
  identifikasjonsnummer?: Array<
    FregHistorised & { foedselsEllerDNummer?: string; identifikatortype?: string; status?: string }
  >;
  navn?: Array<
    FregHistorised & {
      fornavn?: string;
      mellomnavn?: string;
      etternavn?: string;
      forkortetNavn?: string;
    }
  >;
  adressebeskyttelse?: Array<FregHistorised & { graderingsnivaa?: string }>;
  bostedsadresse?: FregAddress[];
  oppholdsadresse?: FregAddress[];
  postadresse?: FregAddress[];
  status?: Array<FregHistorised & { status?: string }>;
  doedsfall?: Array<FregHistorised & { doedsdato?: string }>;
}

/** The document is not what the register expects: the client treats it as "unavailable". */
export class FregDocumentError extends Error {
  override readonly name = 'FregDocumentError';
}

/**
 * `ugradert`, `UGRADERT`, `Ugradert` all mean "not protected"; so the
 * comparison ignores case and underscores (older data writes the levels in
 * UPPER_SNAKE, e.g. STRENGT_FORTROLIG).
 */
function normaliseGrading(value: unknown): string {
  return typeof value === 'string' ? value.replace(/_/g, '').trim().toLowerCase() : '';
}

/**
 * Whether a grading level protects the address: anything other than
 * `ugradert`, including a missing or unknown level (fail safe).
 */
export function isProtectedGrading(value: unknown): boolean {
  return normaliseGrading(value) !== 'ugradert';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(document: Record<string, unknown>, key: string): Array<Record<string, unknown>> {
  const value = document[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isObject)) {
    throw new FregDocumentError(`"${key}" is not a list of objects`);
  }
  return value;
}

/** The current items of a historised list (erGjeldende: true), in the order given. */
export function currentItems<T extends FregHistorised>(items: readonly T[] | undefined): T[] {
  return (items ?? []).filter((item) => item.erGjeldende === true);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** "BERGEN" → "Bergen", "MO I RANA" → "Mo i Rana": post office names come in capitals. */
export function postOfficeName(value: string): string {
  const small = new Set(['i', 'og', 'på', 'pr']);
  return value
    .toLocaleLowerCase('nb')
    .split(/(\s+|-)/)
    .map((word, index) =>
      index > 0 && small.has(word) ? word : word.charAt(0).toLocaleUpperCase('nb') + word.slice(1),
    )
    .join('');
}

function identifierType(
  items: Array<Record<string, unknown>>,
  fallbackId: string | undefined,
): 'fnr' | 'dnr' {
  const current = currentItems(items);
  const chosen =
    current.find((item) => normaliseGrading(item.status) === 'ibruk') ?? current[0] ?? undefined;
  const type = normaliseGrading(chosen?.identifikatortype);
  if (type === 'foedselsnummer') return 'fnr';
  if (type === 'dnummer') return 'dnr';
  const number = text(chosen?.foedselsEllerDNummer) ?? fallbackId;
  if (number && /^\d{11}$/.test(number)) return Number(number[0]) >= 4 ? 'dnr' : 'fnr';
  throw new FregDocumentError('no current identity number');
}

/**
 * Maps a person document to what the register keeps, from the current item
 * of each list. A protected address (adressebeskyttelse other than ugradert,
 * or any current address whose own grading is not ugradert) gives
 * `addressProtected` and no county or municipality at all: nothing of it
 * leaves this function. `requestedId` only helps when the document does not
 * say which kind of number the person has.
 */
export function toRegisteredPerson(document: unknown, requestedId?: string): RegisteredPerson {
  if (!isObject(document)) throw new FregDocumentError('the person is not a JSON object');

  const name = currentItems(list(document, 'navn'))[0];
  const givenName = text(name?.fornavn);
  const familyName = text(name?.etternavn);
  if (!givenName || !familyName) throw new FregDocumentError('no current name');

  const protectedByLevel = currentItems(list(document, 'adressebeskyttelse')).some((item) =>
    isProtectedGrading(item.graderingsnivaa),
  );
  const residence = currentItems(list(document, 'bostedsadresse'))[0] as FregAddress | undefined;
  const protectedByAddress = [
    ...currentItems(list(document, 'bostedsadresse')),
    ...currentItems(list(document, 'oppholdsadresse')),
    ...currentItems(list(document, 'postadresse')),
  ].some((address) => isProtectedGrading(address.adressegradering));
  const addressProtected = protectedByLevel || protectedByAddress;

  const place = addressProtected || !residence ? undefined : placeOf(residence);
  return {
    identifierType: identifierType(list(document, 'identifikasjonsnummer'), requestedId),
    givenName,
    middleName: text(name?.mellomnavn),
    familyName,
    addressProtected,
    countyCode: place?.countyCode ?? null,
    municipalityNumber: place?.municipalityNumber ?? null,
    municipalityName: place?.municipalityName ?? null,
    status: statusOf(document),
  };
}

function placeOf(address: FregAddress): {
  countyCode: string | null;
  municipalityNumber: string | null;
  municipalityName: string | null;
} {
  const street = isObject(address.vegadresse) ? address.vegadresse : undefined;
  const cadastral = isObject(address.matrikkeladresse) ? address.matrikkeladresse : undefined;
  const unknown = isObject(address.ukjentBosted) ? address.ukjentBosted : undefined;
  const number =
    text(street?.kommunenummer) ??
    text(cadastral?.kommunenummer) ??
    text(unknown?.bostedskommune) ??
    null;
  const valid = number !== null && /^\d{4}$/.test(number) ? number : null;
  const postOffice =
    text(street?.poststed?.poststedsnavn) ?? text(cadastral?.poststed?.poststedsnavn);
  return {
    countyCode: valid && countyOfMunicipality(valid),
    municipalityNumber: valid,
    municipalityName:
      (valid && municipalityName(valid)) ?? (postOffice ? postOfficeName(postOffice) : null),
  };
}

function statusOf(document: Record<string, unknown>): string {
  const current = text(currentItems(list(document, 'status'))[0]?.status);
  if (current) return current;
  // No status part: a current death still says what matters.
  return currentItems(list(document, 'doedsfall')).some((d) => text(d.doedsdato))
    ? 'doed'
    : 'ukjent';
}
