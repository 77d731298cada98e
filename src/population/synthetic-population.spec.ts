import { jest } from '@jest/globals';
import { generateDemoRegister } from '../database/seed/demo-register.js';
import type { InterpretersService } from '../interpreters/interpreters.service.js';
import { isSyntheticNationalId } from '../interpreters/national-id.js';
import { PopulationRegisterUnavailableError } from './population-register.js';
import { SyntheticPopulation } from './synthetic-population.js';

const KARI = '15819010029';

function population() {
  const residentByNationalId = jest.fn((id: string) =>
    Promise.resolve(
      id === KARI
        ? { givenName: 'Kari', familyName: 'Tolk', countyCode: '32', municipality: 'Lillestrøm' }
        : undefined,
    ),
  );
  const interpreters = { residentByNationalId } as unknown as InterpretersService;
  return { register: new SyntheticPopulation(interpreters), residentByNationalId };
}

const applicant = (key: string) => SyntheticPopulation.applicants().find((a) => a.key === key)!;

describe('the synthetic population register', () => {
  it('offers at least six applicants with valid synthetic numbers no interpreter has', () => {
    const applicants = SyntheticPopulation.applicants();
    expect(applicants.length).toBeGreaterThanOrEqual(6);
    const ids = applicants.map((a) => a.nationalId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of applicants) {
      expect(isSyntheticNationalId(a.nationalId)).toBe(true);
      expect(a.key).toMatch(/^[a-z]+$/);
      expect(a.label).toMatch(/^søker/);
    }
    // The demo register (at every seed the app uses) and the factories draw days 1 to 28.
    const demo = new Set(generateDemoRegister({ scale: 3 }).persons.map((p) => p.nationalId));
    for (const id of ids) {
      expect(demo.has(id)).toBe(false);
      const day = Number(id.slice(0, 2)) % 40;
      expect(day).toBeGreaterThanOrEqual(29);
    }
  });

  it('answers for a new applicant living in Bergen', async () => {
    const { register } = population();
    await expect(register.lookup(applicant('amina').nationalId)).resolves.toEqual({
      outcome: 'found',
      person: {
        identifierType: 'fnr',
        givenName: 'Amina',
        middleName: null,
        familyName: 'Hassan',
        addressProtected: false,
        countyCode: '46',
        municipalityNumber: '4601',
        municipalityName: 'Bergen',
        status: 'bosatt',
      },
    });
  });

  it('answers for a D-number living in Oslo', async () => {
    const { register } = population();
    const result = await register.lookup(applicant('tomasz').nationalId);
    expect(result).toMatchObject({
      outcome: 'found',
      person: {
        identifierType: 'dnr',
        familyName: 'Nowak',
        countyCode: '03',
        municipalityName: 'Oslo',
      },
    });
  });

  it.each(['skjermet', 'fortrolig'])(
    'gives no place of residence for %s (protected address)',
    async (key) => {
      const { register } = population();
      const result = await register.lookup(applicant(key).nationalId);
      expect(result).toMatchObject({
        outcome: 'found',
        person: {
          addressProtected: true,
          countyCode: null,
          municipalityNumber: null,
          municipalityName: null,
        },
      });
      expect(JSON.stringify(result)).not.toMatch(/Trondheim|5001|Kongens/);
    },
  );

  it('fails one lookup on purpose and does not know another', async () => {
    const { register } = population();
    await expect(register.lookup(applicant('feil').nationalId)).rejects.toThrow(
      PopulationRegisterUnavailableError,
    );
    await expect(register.lookup(applicant('ukjent').nationalId)).resolves.toEqual({
      outcome: 'not_found',
    });
  });

  it('answers for interpreters from the register, and not for anyone else', async () => {
    const { register, residentByNationalId } = population();
    await expect(register.lookup(KARI)).resolves.toEqual({
      outcome: 'found',
      person: {
        identifierType: 'fnr',
        givenName: 'Kari',
        middleName: null,
        familyName: 'Tolk',
        addressProtected: false,
        countyCode: '32',
        municipalityNumber: '3205',
        municipalityName: 'Lillestrøm',
        status: 'bosatt',
      },
    });
    await expect(register.lookup('29858841231')).rejects.toThrow(RangeError);
    await expect(register.lookup('12345')).rejects.toThrow(RangeError);
    expect(residentByNationalId).toHaveBeenCalledTimes(1);
  });
});
