import { isProductionProcess } from '../config/configuration.js';
import { InterpretersService } from '../interpreters/interpreters.service.js';
import { isValidNationalId } from '../interpreters/national-id.js';
import { type FregPersonDocument, toRegisteredPerson } from './freg-person.js';
import { municipalityNumberByName } from './municipalities.js';
import {
  type PopulationLookup,
  PopulationRegister,
  PopulationRegisterUnavailableError,
} from './population-register.js';

/** A synthetic applicant as the test identity provider offers them. */
export interface SyntheticApplicant {
  /** Stable and free of the identity number: the test provider's subject is `applicant-<key>`. */
  key: string;
  name: string;
  nationalId: string;
  /** Shown in the test provider's picker. */
  label: string;
}

/** How the synthetic register answers for an applicant. */
type Answer =
  | { kind: 'document'; document: FregPersonDocument }
  | { kind: 'not_found' }
  | { kind: 'unavailable' };

interface ApplicantSpec extends SyntheticApplicant {
  answer: Answer;
}

const current = { erGjeldende: true } as const;

function identity(nationalId: string) {
  const dNumber = Number(nationalId[0]) >= 4;
  return [
    {
      ...current,
      foedselsEllerDNummer: nationalId,
      identifikatortype: dNumber ? 'dNummer' : 'foedselsnummer',
      status: 'iBruk',
    },
  ];
}

function person(
  nationalId: string,
  fornavn: string,
  etternavn: string,
  rest: Omit<FregPersonDocument, 'identifikasjonsnummer' | 'navn'>,
): Answer {
  return {
    kind: 'document',
    document: {
      identifikasjonsnummer: identity(nationalId),
      navn: [{ ...current, fornavn, etternavn }],
      ...rest,
    },
  };
}

/**
 * The new applicants. Their numbers are synthetic (month + 80) and born on
 * the 29th to the 31st of a month (D-number: the day + 40): the demo
 * register and the test factories only use days 1 to 28, so they never
 * collide with an interpreter's number.
 */
const APPLICANTS: readonly ApplicantSpec[] = [
  {
    key: 'amina',
    name: 'Amina Hassan',
    nationalId: '29858841230',
    label: 'søker (ny)',
    answer: person('29858841230', 'Amina', 'Hassan', {
      status: [{ ...current, status: 'bosatt' }],
      adressebeskyttelse: [{ ...current, graderingsnivaa: 'ugradert' }],
      bostedsadresse: [
        {
          erGjeldende: false,
          adressegradering: 'ugradert',
          vegadresse: {
            kommunenummer: '0301',
            adressenavn: 'Tøyengata',
            poststed: { poststedsnavn: 'OSLO', postnummer: '0578' },
          },
        },
        {
          ...current,
          adressegradering: 'ugradert',
          vegadresse: {
            kommunenummer: '4601',
            adressenavn: 'Nygårdsgaten',
            poststed: { poststedsnavn: 'BERGEN', postnummer: '5015' },
          },
        },
      ],
    }),
  },
  {
    key: 'tomasz',
    name: 'Tomasz Nowak',
    nationalId: '70838541311',
    label: 'søker (D-nummer)',
    answer: person('70838541311', 'Tomasz', 'Nowak', {
      status: [{ ...current, status: 'bosatt' }],
      bostedsadresse: [
        {
          ...current,
          adressegradering: 'ugradert',
          vegadresse: {
            kommunenummer: '0301',
            adressenavn: 'Grønlandsleiret',
            poststed: { poststedsnavn: 'OSLO', postnummer: '0190' },
          },
        },
      ],
    }),
  },
  {
    key: 'skjermet',
    name: 'Sofie Lien',
    nationalId: '31907924230',
    label: 'søker (adressesperre)',
    // Strengt fortrolig: the real service delivers no address at all.
    answer: person('31907924230', 'Sofie', 'Lien', {
      status: [{ ...current, status: 'bosatt' }],
      adressebeskyttelse: [{ ...current, graderingsnivaa: 'strengtFortrolig' }],
    }),
  },
  {
    key: 'fortrolig',
    name: 'Jonas Berg',
    nationalId: '29879233362',
    label: 'søker (fortrolig adresse)',
    // Fortrolig (older data in upper case): an address is delivered, and the adapter must drop it.
    answer: person('29879233362', 'Jonas', 'Berg', {
      status: [{ ...current, status: 'bosatt' }],
      adressebeskyttelse: [{ ...current, graderingsnivaa: 'FORTROLIG' }],
      bostedsadresse: [
        {
          ...current,
          adressegradering: 'fortrolig',
          vegadresse: {
            kommunenummer: '5001',
            adressenavn: 'Kongens gate',
            poststed: { poststedsnavn: 'TRONDHEIM', postnummer: '7011' },
          },
        },
      ],
    }),
  },
  {
    key: 'utflyttet',
    name: 'Marta Kowalska',
    nationalId: '29887519860',
    label: 'søker (utflyttet)',
    answer: person('29887519860', 'Marta', 'Kowalska', {
      status: [
        { erGjeldende: false, status: 'bosatt' },
        { ...current, status: 'utflyttet' },
      ],
    }),
  },
  {
    key: 'feil',
    name: 'Leila Ahmadi',
    nationalId: '30819015062',
    label: 'søker (oppslag feiler)',
    answer: { kind: 'unavailable' },
  },
  {
    key: 'ukjent',
    name: 'Samuel Okafor',
    nationalId: '31928327542',
    label: 'søker (ukjent i Folkeregisteret)',
    answer: { kind: 'not_found' },
  },
];

/**
 * The population register of the embedded default (no FOLKEREGISTER_URL):
 * answers for everyone already in the register (name and place of
 * residence from the interpreters table, status bosatt) and for a fixed set
 * of new applicants that show each path an application must handle (a
 * D-number, a protected address, a lookup that fails, a person the register
 * does not know). The applicants' answers are person documents shaped like
 * the real service's, read by the same mapping as the HTTP client's. Never
 * in production.
 */
export class SyntheticPopulation extends PopulationRegister {
  constructor(private readonly interpreters: InterpretersService) {
    super();
    if (isProductionProcess()) {
      throw new Error('The synthetic population register must not be used in production.');
    }
  }

  /** The synthetic applicants, for the test identity provider's picker. */
  static applicants(): SyntheticApplicant[] {
    return APPLICANTS.map(({ key, name, nationalId, label }) => ({ key, name, nationalId, label }));
  }

  applicants(): SyntheticApplicant[] {
    return SyntheticPopulation.applicants();
  }

  /**
   * Reads the interpreters table through the pool: do not call it inside a
   * transaction on the embedded database (it has one connection).
   */
  async lookup(nationalId: string): Promise<PopulationLookup> {
    if (!isValidNationalId(nationalId)) {
      throw new RangeError('A population register lookup needs a valid national identity number');
    }
    const applicant = APPLICANTS.find((a) => a.nationalId === nationalId);
    if (applicant) {
      switch (applicant.answer.kind) {
        case 'unavailable':
          throw new PopulationRegisterUnavailableError(
            'The synthetic population register fails this lookup on purpose',
            1,
          );
        case 'not_found':
          return { outcome: 'not_found' };
        case 'document':
          return {
            outcome: 'found',
            person: toRegisteredPerson(applicant.answer.document, nationalId),
          };
      }
    }
    const resident = await this.interpreters.residentByNationalId(nationalId);
    if (!resident) return { outcome: 'not_found' };
    return {
      outcome: 'found',
      person: {
        identifierType: Number(nationalId[0]) >= 4 ? 'dnr' : 'fnr',
        givenName: resident.givenName,
        middleName: null,
        familyName: resident.familyName,
        addressProtected: false,
        countyCode: resident.countyCode,
        municipalityNumber:
          municipalityNumberByName(resident.countyCode, resident.municipality) ?? null,
        municipalityName: resident.municipality,
        status: 'bosatt',
      },
    };
  }
}
