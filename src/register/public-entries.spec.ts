import type { Language } from '../languages/language.js';
import { publicEntries } from './public-entries.js';
import type { PublicEntryRow } from './register.repository.js';

const LANGUAGES: Language[] = [
  { code: 'ara', nameNb: 'Arabisk', nameEn: 'Arabic', nativeName: 'العربية', kind: 'spoken' },
  {
    code: 'nsl',
    nameNb: 'Norsk tegnspråk',
    nameEn: 'Norwegian Sign Language',
    nativeName: null,
    kind: 'sign',
  },
  { code: 'pol', nameNb: 'Polsk', nameEn: 'Polish', nativeName: 'polski', kind: 'spoken' },
  {
    code: 'hbs',
    nameNb: 'Bosnisk/kroatisk',
    nameEn: 'Bosnian/Croatian',
    nativeName: null,
    kind: 'spoken',
  },
  { code: 'bos', nameNb: 'Bosnisk', nameEn: 'Bosnian Sign', nativeName: null, kind: 'sign' },
];
const languageOf = (code: string) => LANGUAGES.find((l) => l.code === code);

function row(
  interpreterId: string,
  languageCode: string,
  category: 'A' | 'B' | 'C',
): PublicEntryRow {
  return {
    interpreter_id: interpreterId,
    language_code: languageCode,
    category,
    registered_on: '2020-01-15',
  };
}

describe("a profile's public entries", () => {
  it('are grouped by person, best category first, then by English name', () => {
    const entries = publicEntries(
      [row('p1', 'pol', 'B'), row('p2', 'ara', 'C'), row('p1', 'ara', 'B'), row('p1', 'nsl', 'A')],
      languageOf,
    );
    expect(entries.get('p1')!.map((e) => e.languageCode)).toEqual(['nsl', 'ara', 'pol']);
    expect(entries.get('p2')!.map((e) => e.languageCode)).toEqual(['ara']);
  });

  it('order English names by code point, as the "C" collation does, on any database', () => {
    const entries = publicEntries([row('p', 'hbs', 'B'), row('p', 'bos', 'B')], languageOf);
    expect(entries.get('p')!.map((e) => e.languageNameEn)).toEqual([
      'Bosnian Sign',
      'Bosnian/Croatian',
    ]);
  });

  it('carry the language names and kind', () => {
    const [entry] = publicEntries([row('p', 'nsl', 'A')], languageOf).get('p')!;
    expect(entry).toEqual({
      languageCode: 'nsl',
      languageNameNb: 'Norsk tegnspråk',
      languageNameEn: 'Norwegian Sign Language',
      languageKind: 'sign',
      category: 'A',
      registeredOn: '2020-01-15',
    });
  });

  it('show the code of a language the cached list does not know yet', () => {
    const [entry] = publicEntries([row('p', 'xyz', 'C')], languageOf).get('p')!;
    expect([entry.languageNameNb, entry.languageNameEn]).toEqual(['xyz', 'xyz']);
  });
});
