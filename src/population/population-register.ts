/**
 * The National Population Register (Folkeregisteret) as the register needs
 * it: who a person is (name, kind of identity number, status) and where they
 * live (county and municipality only, never a street address, and nothing at
 * all when the address is protected). Two adapters implement it: the HTTP
 * client for Skatteetaten's "Offentlig med hjemmel" (FregHttpClient) and the
 * synthetic population of the embedded default (SyntheticPopulation).
 */

/** A person as the register keeps them. Nothing of a protected address leaves the adapter. */
export interface RegisteredPerson {
  /** `fnr` (fødselsnummer) or `dnr` (D-number), from the current identity number. */
  identifierType: 'fnr' | 'dnr';
  givenName: string;
  middleName: string | null;
  familyName: string;
  /**
   * Any address protection (fortrolig, strengt fortrolig, klientadresse, or
   * an address graded as such): then county and municipality are null too.
   */
  addressProtected: boolean;
  /** One of the 15 counties (src/geography/counties.ts), or null. */
  countyCode: string | null;
  /** The four-digit kommunenummer (2024 numbering), or null. */
  municipalityNumber: string | null;
  municipalityName: string | null;
  /** The current status as the register gives it: bosatt, utflyttet, doed, ikkeBosatt, … */
  status: string;
}

export type PopulationLookup =
  { outcome: 'found'; person: RegisteredPerson } | { outcome: 'not_found' };

/**
 * The population register could not answer (after retries: 429, 5xx,
 * timeouts, network errors, an answer it could not read, a refused token).
 * The message never holds the identity number asked about.
 */
export class PopulationRegisterUnavailableError extends Error {
  override readonly name = 'PopulationRegisterUnavailableError';

  constructor(
    message: string,
    /** How many requests were made before giving up (0 when none could be). */
    readonly attempts: number,
  ) {
    super(message);
  }
}

/** The port; an abstract class so that it is its own Nest injection token. */
export abstract class PopulationRegister {
  /**
   * Looks a person up by national identity number (11 digits, valid check
   * digits). Throws PopulationRegisterUnavailableError when the register
   * cannot answer; a RangeError for anything that is not an identity number.
   */
  abstract lookup(nationalId: string): Promise<PopulationLookup>;
}
