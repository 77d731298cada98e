import {
  FregDocumentError,
  type FregPersonDocument,
  isProtectedGrading,
  postOfficeName,
  toRegisteredPerson,
} from './freg-person.js';

const now = { erGjeldende: true } as const;
const before = { erGjeldende: false } as const;

/** A person living in Bergen, with an old address in Oslo and an old name. */
function bergenResident(): FregPersonDocument {
  return {
    identifikasjonsnummer: [
      {
        ...now,
        foedselsEllerDNummer: '29858841230',
        identifikatortype: 'foedselsnummer',
        status: 'iBruk',
      },
    ],
    navn: [
      { ...before, fornavn: 'Amina', etternavn: 'Ali' },
      { ...now, fornavn: 'Amina', mellomnavn: 'Nur', etternavn: 'Hassan' },
    ],
    status: [
      { ...before, status: 'ikkeBosatt' },
      { ...now, status: 'bosatt' },
    ],
    adressebeskyttelse: [{ ...now, graderingsnivaa: 'ugradert' }],
    bostedsadresse: [
      {
        ...before,
        adressegradering: 'ugradert',
        vegadresse: { kommunenummer: '0301', poststed: { poststedsnavn: 'OSLO' } },
      },
      {
        ...now,
        adressegradering: 'ugradert',
        vegadresse: {
          kommunenummer: '4601',
          adressenavn: 'Nygårdsgaten',
          poststed: { poststedsnavn: 'BERGEN', postnummer: '5015' },
        },
      },
    ],
  };
}

describe('a person document from the population register', () => {
  it('is read from the current item of each historised list', () => {
    expect(toRegisteredPerson(bergenResident())).toEqual({
      identifierType: 'fnr',
      givenName: 'Amina',
      middleName: 'Nur',
      familyName: 'Hassan',
      addressProtected: false,
      countyCode: '46',
      municipalityNumber: '4601',
      municipalityName: 'Bergen',
      status: 'bosatt',
    });
  });

  it('does not depend on the order of the items', () => {
    const doc = bergenResident();
    doc.navn!.reverse();
    doc.bostedsadresse!.reverse();
    doc.status!.reverse();
    expect(toRegisteredPerson(doc)).toMatchObject({
      familyName: 'Hassan',
      municipalityNumber: '4601',
      status: 'bosatt',
    });
  });

  it('knows a D-number, by its type or else by its first digit', () => {
    const doc = bergenResident();
    doc.identifikasjonsnummer = [
      {
        ...before,
        foedselsEllerDNummer: '70838541311',
        identifikatortype: 'dNummer',
        status: 'opphoert',
      },
      {
        ...now,
        foedselsEllerDNummer: '70838541311',
        identifikatortype: 'dNummer',
        status: 'iBruk',
      },
    ];
    expect(toRegisteredPerson(doc).identifierType).toBe('dnr');
    doc.identifikasjonsnummer = [{ ...now, foedselsEllerDNummer: '70838541311' }];
    expect(toRegisteredPerson(doc).identifierType).toBe('dnr');
    delete doc.identifikasjonsnummer;
    expect(toRegisteredPerson(doc, '70838541311').identifierType).toBe('dnr');
    expect(toRegisteredPerson(doc, '29858841230').identifierType).toBe('fnr');
  });

  it('takes the county from the first two digits of the municipality number (2024 numbering)', () => {
    const at = (kommunenummer: string) => {
      const doc = bergenResident();
      doc.bostedsadresse = [
        {
          ...now,
          adressegradering: 'ugradert',
          vegadresse: { kommunenummer, poststed: { poststedsnavn: 'MO I RANA' } },
        },
      ];
      return toRegisteredPerson(doc);
    };
    expect(at('0301')).toMatchObject({ countyCode: '03', municipalityName: 'Oslo' });
    expect(at('5001')).toMatchObject({ countyCode: '50', municipalityName: 'Trondheim' });
    // A municipality not in the built-in list: the post office's name.
    expect(at('1832')).toMatchObject({
      countyCode: '18',
      municipalityNumber: '1832',
      municipalityName: 'Mo i Rana',
    });
    // Numbers from before 2024 (1201 Bergen) and Svalbard (2100) name no county in force.
    expect(at('1201')).toMatchObject({ countyCode: null, municipalityNumber: '1201' });
    expect(at('2100')).toMatchObject({ countyCode: null });
    expect(at('12')).toMatchObject({ countyCode: null, municipalityNumber: null });
  });

  it('reads the municipality of a cadastral address and of an unknown residence', () => {
    const doc = bergenResident();
    doc.bostedsadresse = [
      { ...now, adressegradering: 'ugradert', matrikkeladresse: { kommunenummer: '5501' } },
    ];
    expect(toRegisteredPerson(doc)).toMatchObject({ countyCode: '55', municipalityName: 'Tromsø' });
    doc.bostedsadresse = [
      { ...now, adressegradering: 'ugradert', ukjentBosted: { bostedskommune: '1103' } },
    ];
    expect(toRegisteredPerson(doc)).toMatchObject({
      countyCode: '11',
      municipalityName: 'Stavanger',
    });
  });

  it('has no place of residence without a current address (moved abroad)', () => {
    const doc = bergenResident();
    doc.bostedsadresse = doc.bostedsadresse!.map((a) => ({ ...a, erGjeldende: false }));
    doc.status = [{ ...now, status: 'utflyttet' }];
    expect(toRegisteredPerson(doc)).toMatchObject({
      addressProtected: false,
      countyCode: null,
      municipalityNumber: null,
      municipalityName: null,
      status: 'utflyttet',
    });
  });

  it.each([
    'fortrolig',
    'strengtFortrolig',
    'klientadresse',
    'FORTROLIG',
    'STRENGT_FORTROLIG',
    'Fortrolig',
    '',
    'ukjentNivaa',
  ])('drops every trace of the address when adressebeskyttelse is %p', (graderingsnivaa) => {
    const doc = bergenResident();
    doc.adressebeskyttelse = [
      { ...before, graderingsnivaa: 'ugradert' },
      { ...now, graderingsnivaa },
    ];
    const person = toRegisteredPerson(doc);
    expect(person).toMatchObject({
      addressProtected: true,
      countyCode: null,
      municipalityNumber: null,
      municipalityName: null,
    });
    expect(JSON.stringify(person)).not.toMatch(/4601|46|Bergen|Nygård|5015/i);
  });

  it('drops the address when the address itself is graded, whatever adressebeskyttelse says', () => {
    const doc = bergenResident();
    doc.bostedsadresse![1].adressegradering = 'STRENGT_FORTROLIG';
    expect(toRegisteredPerson(doc)).toMatchObject({
      addressProtected: true,
      countyCode: null,
      municipalityName: null,
    });
    const other = bergenResident();
    other.oppholdsadresse = [{ ...now, adressegradering: 'fortrolig' }];
    expect(toRegisteredPerson(other)).toMatchObject({ addressProtected: true, countyCode: null });
  });

  it('keeps the address when only an earlier protection or an earlier graded address is on record', () => {
    const doc = bergenResident();
    doc.adressebeskyttelse = [{ ...before, graderingsnivaa: 'strengtFortrolig' }];
    doc.bostedsadresse![0].adressegradering = 'fortrolig';
    expect(toRegisteredPerson(doc)).toMatchObject({ addressProtected: false, countyCode: '46' });
  });

  it('compares grading levels ignoring case and underscores', () => {
    expect(isProtectedGrading('ugradert')).toBe(false);
    expect(isProtectedGrading('UGRADERT')).toBe(false);
    expect(isProtectedGrading('STRENGT_FORTROLIG')).toBe(true);
    expect(isProtectedGrading(undefined)).toBe(true);
  });

  it('refuses a document it cannot read, rather than guess', () => {
    expect(() => toRegisteredPerson(null)).toThrow(FregDocumentError);
    expect(() => toRegisteredPerson([])).toThrow(FregDocumentError);
    expect(() => toRegisteredPerson({ navn: 'Amina' })).toThrow(FregDocumentError);
    expect(() =>
      toRegisteredPerson({ navn: [{ ...before, fornavn: 'A', etternavn: 'B' }] }),
    ).toThrow(/no current name/);
    const doc = bergenResident();
    delete doc.identifikasjonsnummer;
    expect(() => toRegisteredPerson(doc)).toThrow(/no current identity number/);
    expect(() => toRegisteredPerson({ ...bergenResident(), bostedsadresse: [1] })).toThrow(
      FregDocumentError,
    );
  });

  it('derives a status from a death when the status part is missing', () => {
    const doc = bergenResident();
    delete doc.status;
    expect(toRegisteredPerson(doc).status).toBe('ukjent');
    doc.doedsfall = [{ ...now, doedsdato: '2024-01-02' }];
    expect(toRegisteredPerson(doc).status).toBe('doed');
  });

  it('writes post office names as names, not in capitals', () => {
    expect(postOfficeName('BERGEN')).toBe('Bergen');
    expect(postOfficeName('MO I RANA')).toBe('Mo i Rana');
    expect(postOfficeName('SØR-VARANGER')).toBe('Sør-Varanger');
  });
});
