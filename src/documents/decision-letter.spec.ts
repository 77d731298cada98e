import * as mupdf from 'mupdf';
import {
  containsIdentityNumber,
  printableNativeName,
  renderDecisionLetter,
  type DecisionLetter,
  type LetterOutcome,
} from './decision-letter.js';

const ARABIC: LetterOutcome = {
  languageName: 'Arabisk',
  nativeName: 'العربية',
  approved: true,
  category: 'B',
  reasons:
    'Du har dokumentert bachelor i tolking i offentlig sektor med arabisk.\n\nStatsautorisasjon er ikke dokumentert, og derfor gir vi ikke kategori A.',
};
const RUSSIAN: LetterOutcome = {
  languageName: 'Russisk',
  nativeName: 'русский',
  approved: true,
  category: 'D',
  categoryLowered: true,
  reasons: 'Grunnemnet er bestått. Statsautorisasjonen gjelder et annet språk.',
};
const TIGRINYA: LetterOutcome = {
  languageName: 'Tigrinja',
  nativeName: 'ትግርኛ',
  approved: false,
  category: null,
  reasons: 'Du har ikke dokumentert bestått Tospråktesten i tigrinja.',
};

function letter(overrides: Partial<DecisionLetter> = {}): DecisionLetter {
  return {
    lang: 'nb',
    caseNumber: '2026/00042',
    letterDate: '2026-03-05',
    recipient: { name: 'Åse Marit Ødegård', addressLines: ['Storgata 12 B', '0155 Oslo'] },
    interpreterNumber: 10234,
    outcomes: [ARABIC, RUSSIAN, TIGRINYA],
    handler: { name: 'Kari Nordmann', title: 'Seniorrådgiver' },
    kind: 'decision',
    ...overrides,
  };
}

function open(pdf: Buffer): mupdf.Document {
  return mupdf.Document.openDocument(pdf, 'application/pdf');
}

/** Each page's text, with runs of white space (line breaks from wrapping) as one space. */
function pages(pdf: Buffer): string[] {
  const doc = open(pdf);
  const out: string[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    out.push(doc.loadPage(i).toStructuredText('').asText().replace(/\s+/g, ' '));
  }
  return out;
}

async function text(input: DecisionLetter): Promise<string> {
  return pages(await renderDecisionLetter(input)).join(' ');
}

describe('renderDecisionLetter', () => {
  it('writes a bokmål letter with its letterhead, decision, legal basis, appeal and signature', async () => {
    const all = await text(letter());
    for (const fixed of [
      'Nasjonalt tolkeregister',
      'Integrerings- og mangfoldsdirektoratet (IMDi)',
      'Vår referanse',
      '2026/00042',
      '5. mars 2026',
      'Vedtak om oppføring i Nasjonalt tolkeregister',
      'Kategori A',
      'statsautorisasjon som tolk og bachelor i tolking i offentlig sektor',
      'Hjemmel',
      'lov 12. juni 2020 nr. 116 om offentlige organers ansvar for bruk av tolk mv. (tolkeloven)',
      'forvaltningsloven §§ 24 og 25',
      'Klagefristen er 3 uker fra den dagen du mottok dette brevet (forvaltningsloven §§ 28 og 29)',
      '«Klag på vedtaket»',
      'departementet',
      'forvaltningsloven § 18',
      'Med hilsen',
      'Kari Nordmann',
      'Seniorrådgiver',
      'Dokumentet er elektronisk godkjent og har derfor ingen håndskrevet signatur.',
      // One line in the other language offers a translation
      'This letter is in Norwegian.',
    ]) {
      expect(all).toContain(fixed);
    }
    expect(all).not.toContain('endret etter klage');
    expect(all).not.toContain('Page 1');
  });

  it('writes an English letter in English, with one line in bokmål offering a Norwegian version', async () => {
    const all = await text(
      letter({
        lang: 'en',
        outcomes: [{ ...ARABIC, languageName: 'Arabic', reasons: 'A bachelor is documented.' }],
      }),
    );
    for (const fixed of [
      'National Register of Interpreters',
      'The Directorate of Integration and Diversity (IMDi)',
      'Our reference',
      '5 March 2026',
      'Decision on entry in the National Register of Interpreters',
      'You will be entered in the National Register of Interpreters for the language below.',
      'Your interpreter number is 10234.',
      'Approved – category B',
      'Legal basis',
      'the Interpreter Act, tolkeloven',
      'The deadline for appeal is 3 weeks from the day you received this letter',
      'sections 28 and 29 of the Public Administration Act',
      'the ministry',
      'section 18 of the Public Administration Act',
      'Yours sincerely',
      'This document has been approved electronically and therefore has no handwritten signature.',
      'Dette brevet er skrevet på engelsk.',
      'Page 1 of',
    ]) {
      expect(all).toContain(fixed);
    }
    expect(all).not.toContain('Vår referanse');
    expect(all).not.toContain('3 uker');
  });

  it('prints each language with its result, category and reasons, and says when a category was set lower', async () => {
    const all = await text(letter());
    expect(all).toContain(
      'Du blir ført opp i Nasjonalt tolkeregister for språkene som er godkjent nedenfor. For de andre språkene er søknaden avslått.',
    );
    expect(all).toContain('Tolkenummeret ditt er 10234.');
    expect(all).toMatch(
      /Arabisk ?العربية Godkjent – kategori B BEGRUNNELSE Du har dokumentert bachelor/,
    );
    expect(all).toContain(
      'Statsautorisasjon er ikke dokumentert, og derfor gir vi ikke kategori A.',
    );
    expect(all).toMatch(
      /Russisk русский Godkjent – kategori D Kategorien er lavere enn det dokumentasjonen din i utgangspunktet gir grunnlag for\./,
    );
    expect(all).toContain(RUSSIAN.reasons);
    expect(all).toMatch(
      /Tigrinja Avslått BEGRUNNELSE Du har ikke dokumentert bestått Tospråktesten/,
    );
    // The lowered-category note belongs to the one outcome that has it
    expect(all.match(/Kategorien er lavere/g)).toHaveLength(1);
  });

  it('says the application is rejected, and gives no interpreter number, when no language is approved', async () => {
    const all = await text(letter({ outcomes: [TIGRINYA] }));
    expect(all).toContain('Søknaden din om oppføring i Nasjonalt tolkeregister er avslått.');
    expect(all).not.toContain('Tolkenummeret');
    expect(all).not.toContain('10234');
  });

  it('says that a decision after appeal changes the earlier one', async () => {
    const all = await text(letter({ kind: 'appeal_reversal' }));
    expect(all).toContain('Vedtak om oppføring i Nasjonalt tolkeregister – endret etter klage');
    expect(all).toContain('forvaltningsloven § 33 andre ledd');
    expect(all).toContain('Dette vedtaket erstatter det tidligere vedtaket.');
    // A new decision can be appealed too
    expect(all).toContain('Klagefristen er 3 uker');
  });

  it('prints the recipient’s address lines, and none when the address is protected', async () => {
    const withAddress = await text(letter());
    expect(withAddress).toContain('Åse Marit Ødegård Storgata 12 B 0155 Oslo');

    const protectedAddress = await text(
      letter({ recipient: { name: 'Åse Marit Ødegård', addressLines: [] } }),
    );
    expect(protectedAddress).toContain('Åse Marit Ødegård');
    expect(protectedAddress).not.toContain('Storgata');
    // Nothing between the name and the title
    expect(protectedAddress).toContain(
      'Åse Marit Ødegård Vedtak om oppføring i Nasjonalt tolkeregister',
    );
  });

  it('flows long reasons onto the next page, with "Side n av N" on every page', async () => {
    const sentence = 'Vi har lagt vekt på dokumentasjonen fra utdanningsinstitusjonen. ';
    const reasons = `FØRSTE ${sentence.repeat(Math.ceil(5000 / sentence.length))}SISTE`;
    expect(reasons.length).toBeGreaterThanOrEqual(5000);
    const pdf = await renderDecisionLetter(
      letter({ outcomes: [{ ...ARABIC, reasons }], recipient: { name: 'Ola', addressLines: [] } }),
    );
    const texts = pages(pdf);
    expect(texts.length).toBe(3);
    texts.forEach((page, i) => {
      expect(page).toContain(`Side ${i + 1} av ${texts.length}`);
      for (let other = 1; other <= texts.length; other++) {
        if (other !== i + 1) expect(page).not.toContain(`Side ${other} av`);
      }
    });
    expect(texts[0]).toContain('FØRSTE');
    expect(texts[0]).not.toContain('SISTE');
    expect(texts[1]).toContain('SISTE');
    // Pages after the first carry the reference in a running header
    expect(texts[1]).toContain('Vår referanse 2026/00042');
    // The reasons are all there, in order, across the page break
    const joined = texts.join(' ');
    const start = joined.indexOf('FØRSTE');
    const end = joined.indexOf('SISTE') + 'SISTE'.length;
    const flowed = joined
      .slice(start, end)
      .replace(
        / ?Integrerings- og mangfoldsdirektoratet \(IMDi\) · Nasjonalt tolkeregister Side 1 av 3 ?/,
        ' ',
      )
      .replace(/ ?Nasjonalt tolkeregister Vår referanse 2026\/00042 ?/, ' ')
      .replace(/\s+/g, ' ');
    expect(flowed).toBe(reasons.replace(/\s+/g, ' '));
  });

  it('renders Norwegian letters, other Latin letters and native names as extractable text', async () => {
    const all = await text(
      letter({
        recipient: { name: 'Ærlend Øyvind Åsheim-Đorđević Łukasz', addressLines: ['Bøgata 5'] },
      }),
    );
    expect(all).toContain('Ærlend Øyvind Åsheim-Đorđević Łukasz');
    expect(all).toContain('Bøgata 5');
    expect(all).toContain('tolkens ansvarsområde');
    expect(all).toContain('русский');
    expect(all).toContain('العربية');
    // The font has no Ethiopic: the native name is left out, the language is still named
    expect(all).not.toContain('ትግርኛ');
    expect(all).toContain('Tigrinja');
  });

  it('never prints a national identity number, even one typed into the reasons', async () => {
    const all = await text(
      letter({
        outcomes: [
          {
            ...TIGRINYA,
            reasons:
              'Søkeren med fødselsnummer 01018012345 har ikke bestått testen. Se også 010180 12345.',
          },
        ],
      }),
    );
    expect(all).not.toMatch(/\d{6}[ .]?\d{5}/);
    expect(all).toContain('Søkeren med fødselsnummer [fødselsnummer fjernet] har ikke bestått');
    expect(all).toContain('Se også [fødselsnummer fjernet].');
  });

  it('gives the same bytes for the same letter, dated by the letter', async () => {
    const first = await renderDecisionLetter(letter());
    const second = await renderDecisionLetter(letter());
    expect(first.equals(second)).toBe(true);
    const doc = open(first);
    expect(doc.getMetaData('info:CreationDate')).toMatch(/^D:20260305/);
    expect(doc.getMetaData('info:Title')).toBe('Vedtak om oppføring i Nasjonalt tolkeregister');

    const later = await renderDecisionLetter(letter({ letterDate: '2026-03-06' }));
    expect(later.equals(first)).toBe(false);
  });

  it('is A4', async () => {
    const [x0, y0, x1, y1] = open(await renderDecisionLetter(letter()))
      .loadPage(0)
      .getBounds();
    expect(x1 - x0).toBeCloseTo(595.28, 1);
    expect(y1 - y0).toBeCloseTo(841.89, 1);
  });

  it('refuses a letter date that is not a real YYYY-MM-DD date', async () => {
    await expect(renderDecisionLetter(letter({ letterDate: '2026-02-30' }))).rejects.toThrow(
      /letterDate/,
    );
    await expect(renderDecisionLetter(letter({ letterDate: '05.03.2026' }))).rejects.toThrow(
      /letterDate/,
    );
  });
});

describe('printableNativeName', () => {
  it('keeps a name the font can draw, left to right as it is', () => {
    expect(printableNativeName('русский')).toBe('русский');
    expect(printableNativeName('Tiếng Việt')).toBe('Tiếng Việt');
    expect(printableNativeName('  Ελληνικά ')).toBe('Ελληνικά');
  });

  it('gives the words of a right-to-left name in visual order', () => {
    expect(printableNativeName('العربية')).toBe('العربية');
    expect(printableNativeName('کوردیی ناوەندی')).toBe('ناوەندی کوردیی');
  });

  it('leaves out a name the font cannot draw, or one that mixes directions', () => {
    expect(printableNativeName('ትግርኛ')).toBeNull();
    expect(printableNativeName('日本語')).toBeNull();
    expect(printableNativeName('हिन्दी')).toBeNull();
    expect(printableNativeName('العربية Arabic')).toBeNull();
    expect(printableNativeName(null)).toBeNull();
    expect(printableNativeName('  ')).toBeNull();
  });
});

describe('containsIdentityNumber', () => {
  it('finds eleven digits, also split six and five, but not other numbers', () => {
    expect(containsIdentityNumber('fnr 01018012345')).toBe(true);
    expect(containsIdentityNumber('010180 12345')).toBe(true);
    expect(containsIdentityNumber('010180.12345')).toBe(true);
    expect(containsIdentityNumber('tolkenummer 10234, sak 2026/00042')).toBe(false);
    expect(containsIdentityNumber('123456789012')).toBe(false);
  });
});
