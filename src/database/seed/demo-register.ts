import type { Availability, Gender, Modality } from '../../interpreters/interpreter.js';
import { syntheticNationalId } from '../../interpreters/national-id.js';
import { foldForSearch } from '../../interpreters/search-text.js';
import {
  CATEGORIES,
  deriveCategory,
  LANGUAGE_INDEPENDENT_EVIDENCE,
  type Category,
  type EvidenceKind,
} from '../../register/category.js';
import type { EntryStatus } from '../../register/entry-status.js';
import { NAME_POOLS, regionOf } from './names.js';
import { COUNTY_WEIGHTS, MUNICIPALITIES } from './places.js';

/**
 * A synthetic register shaped like the real one at the end of 2021
 * (IMDi's annual report): 1 948 active entries, 1 636 persons, 74 languages,
 * categories A 26 / B 234 / C 45 / D 814 / E 829. With `scale` > 1 every
 * count is multiplied, for benchmarks. The same seed gives the same register.
 */
export const REGISTER_2021 = {
  entries: 1948,
  persons: 1636,
  languages: 74,
  byCategory: { A: 26, B: 234, C: 45, D: 814, E: 829 } as Record<Category, number>,
};

/** Active entries per language in the demo register; sums to 1 948 over 74 languages. */
export const ENTRIES_BY_LANGUAGE: Record<string, number> = {
  ara: 215,
  pol: 130,
  som: 100,
  tir: 95,
  prs: 80,
  ckb: 70,
  lit: 65,
  tur: 50,
  por: 40,
  eng: 45,
  rus: 70,
  fas: 70,
  ukr: 70,
  spa: 50,
  kmr: 40,
  pus: 35,
  urd: 35,
  tha: 35,
  vie: 35,
  hbs: 45,
  sqi: 35,
  amh: 30,
  fra: 40,
  ron: 30,
  cmn: 30,
  tam: 20,
  deu: 20,
  ita: 15,
  orm: 15,
  swa: 15,
  lav: 15,
  est: 8,
  bul: 12,
  hun: 10,
  ces: 10,
  slk: 8,
  ell: 10,
  nld: 8,
  pan: 12,
  hin: 8,
  ben: 8,
  mya: 8,
  ksw: 8,
  kin: 8,
  run: 6,
  lin: 5,
  tgl: 5,
  nep: 5,
  jpn: 3,
  yue: 3,
  ber: 2,
  sme: 4,
  che: 3,
  uig: 2,
  kat: 5,
  hye: 4,
  aze: 5,
  uzb: 3,
  mon: 3,
  kor: 4,
  ind: 3,
  sin: 3,
  tig: 4,
  ful: 3,
  wol: 2,
  hau: 2,
  yor: 2,
  fin: 6,
  isl: 2,
  fkv: 2,
  smj: 2,
  nsl: 60,
  'nsl-x-tactile': 12,
  'nor-x-written': 25,
};

/** Sign-language and written interpreters are educated through a bachelor (category B). */
const BACHELOR_LANGUAGES = new Set(['nsl', 'nsl-x-tactile', 'nor-x-written']);
const SAMI_LANGUAGES = new Set(['sme', 'smj', 'fkv']);

export interface DemoPerson {
  id: string;
  nationalId: string;
  givenName: string;
  familyName: string;
  searchText: string;
  sortKey: string;
  gender: Gender;
  countyCode: string;
  municipality: string;
  email: string;
  emailPublic: boolean;
  phone: string;
  phonePublic: boolean;
  availability: Availability;
  modalities: Modality[];
}

export interface DemoEvidence {
  interpreterId: string;
  languageCode: string | null;
  kind: EvidenceKind;
  obtainedOn: string;
  issuer: string;
}

export interface DemoEntry {
  interpreterId: string;
  languageCode: string;
  category: Category;
  status: EntryStatus;
  registeredOn: string;
}

export interface DemoRegister {
  persons: DemoPerson[];
  evidence: DemoEvidence[];
  entries: DemoEntry[];
}

export interface DemoOptions {
  scale?: number;
  seed?: number;
  /** Extra persons whose entries are suspended, excluded or inactive (hidden from the public). */
  nonActivePersons?: number;
}

/** Small, fast, seedable PRNG (mulberry32): repeatable demo data without a dependency. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Picker {
  constructor(readonly random: () => number) {}
  int(maxExclusive: number): number {
    return Math.floor(this.random() * maxExclusive);
  }
  one<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  weighted<T extends string>(weights: Record<T, number>): T {
    const keys = Object.keys(weights) as T[];
    const total = keys.reduce((s, k) => s + weights[k], 0);
    let r = this.random() * total;
    for (const k of keys) {
      r -= weights[k];
      if (r < 0) return k;
    }
    return keys[keys.length - 1];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16));
    hex[12] = '4';
    hex[16] = (this.int(4) + 8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
  date(fromYear: number, toYear: number): string {
    const from = Date.UTC(fromYear, 0, 1);
    const to = Date.UTC(toYear, 11, 31);
    return new Date(from + this.int(Math.floor((to - from) / 86_400_000)) * 86_400_000)
      .toISOString()
      .slice(0, 10);
  }
}

/** Evidence that supports exactly `category` for a language (plus whether it needs TAO). */
function evidenceFor(category: Category, languageCode: string, pick: Picker): EvidenceKind[] {
  switch (category) {
    case 'A':
      return ['state_authorisation', 'bachelor_interpreting'];
    case 'B':
      return BACHELOR_LANGUAGES.has(languageCode) || pick.chance(0.7)
        ? ['bachelor_interpreting']
        : ['state_authorisation', 'basic_course'];
    case 'C':
      return ['state_authorisation'];
    case 'D':
      return pick.chance(0.6) ? ['bilingual_test', 'basic_course', 'tao_course'] : ['basic_course'];
    case 'E':
      return pick.chance(0.9)
        ? ['bilingual_test', 'tao_course']
        : ['state_authorised_translator', 'tao_course'];
  }
}

const ISSUERS: Record<EvidenceKind, string> = {
  state_authorisation: 'OsloMet – statsautorisasjonsprøven',
  bachelor_interpreting: 'OsloMet',
  basic_course: 'OsloMet – grunnemne i tolking',
  bilingual_test: 'OsloMet – Tospråktesten',
  tao_course: 'OsloMet – TAO',
  state_authorised_translator: 'NHH – translatøreksamen',
};

function scaled(count: number, scale: number): number {
  return Math.round(count * scale);
}

export function generateDemoRegister(options: DemoOptions = {}): DemoRegister {
  const scale = options.scale ?? 1;
  const pick = new Picker(createRandom(options.seed ?? 2021));
  const nonActive = options.nonActivePersons ?? scaled(24, scale);

  // 1. Entry slots per language, then categories from an exact pool.
  const slots: Array<{ languageCode: string; category?: Category }> = [];
  for (const [code, count] of Object.entries(ENTRIES_BY_LANGUAGE)) {
    for (let i = 0; i < scaled(count, scale); i++) slots.push({ languageCode: code });
  }
  const pool: Category[] = [];
  for (const c of CATEGORIES) {
    for (let i = 0; i < scaled(REGISTER_2021.byCategory[c], scale); i++) pool.push(c);
  }
  // Rounding at large scales may leave the two lists a few apart; the pool follows the slots.
  while (pool.length < slots.length) pool.push('E');
  pool.length = slots.length;
  pick.shuffle(pool);
  // Sign and written interpreters take B first; A and C (state authorisation) stay with spoken languages.
  for (const slot of slots) {
    if (BACHELOR_LANGUAGES.has(slot.languageCode)) {
      const b = pool.indexOf('B');
      slot.category = b >= 0 ? pool.splice(b, 1)[0] : pool.pop();
    }
  }
  for (const slot of slots) slot.category ??= pool.pop();

  // 2. Every person gets one entry; the remaining entries go to people who
  //    lack that language, preferring people of the same language region.
  const personCount = scaled(REGISTER_2021.persons, scale);
  pick.shuffle(slots);
  const personLanguages: Array<Set<string>> = [];
  const assignments: Array<{ person: number; languageCode: string; category: Category }> = [];
  for (let p = 0; p < personCount; p++) {
    const slot = slots[p];
    personLanguages.push(new Set([slot.languageCode]));
    assignments.push({ person: p, languageCode: slot.languageCode, category: slot.category! });
  }
  const byRegion = new Map<string, number[]>();
  personLanguages.forEach((langs, p) => {
    const region = regionOf([...langs][0]);
    const members = byRegion.get(region) ?? [];
    members.push(p);
    byRegion.set(region, members);
  });
  for (const slot of slots.slice(personCount)) {
    const sameRegion = byRegion.get(regionOf(slot.languageCode)) ?? [];
    let person = -1;
    for (let attempt = 0; attempt < 50 && person < 0; attempt++) {
      const candidate =
        sameRegion.length > 0 && pick.chance(0.75) ? pick.one(sameRegion) : pick.int(personCount);
      if (!personLanguages[candidate].has(slot.languageCode)) person = candidate;
    }
    if (person < 0) person = personLanguages.findIndex((l) => !l.has(slot.languageCode));
    personLanguages[person].add(slot.languageCode);
    assignments.push({ person, languageCode: slot.languageCode, category: slot.category! });
  }

  // 3. Persons, their evidence (which must derive the category) and entries.
  const usedIds = new Set<string>();
  const usedEmails = new Set<string>();
  const persons: DemoPerson[] = [];
  const evidence: DemoEvidence[] = [];
  const entries: DemoEntry[] = [];
  const assignmentsByPerson = new Map<number, typeof assignments>();
  for (const a of assignments) {
    const list = assignmentsByPerson.get(a.person) ?? [];
    list.push(a);
    assignmentsByPerson.set(a.person, list);
  }

  const totalPersons = personCount + nonActive;
  for (let p = 0; p < totalPersons; p++) {
    const own =
      p < personCount
        ? assignmentsByPerson.get(p)!
        : [
            {
              person: p,
              languageCode: pick.one(Object.keys(ENTRIES_BY_LANGUAGE)),
              category: pick.one(CATEGORIES),
            },
          ];
    const person = makePerson(pick, own[0].languageCode, usedIds, usedEmails);
    persons.push(person);

    const kindsByLanguage = new Map<string, EvidenceKind[]>();
    let needsTao = false;
    for (const a of own) {
      const kinds = evidenceFor(a.category, a.languageCode, pick);
      if (kinds.includes('tao_course')) needsTao = true;
      kindsByLanguage.set(
        a.languageCode,
        kinds.filter((k) => !LANGUAGE_INDEPENDENT_EVIDENCE.includes(k)),
      );
    }
    const independent: EvidenceKind[] = needsTao ? ['tao_course'] : [];
    for (const kind of independent) {
      evidence.push({
        interpreterId: person.id,
        languageCode: null,
        kind,
        obtainedOn: pick.date(2008, 2020),
        issuer: ISSUERS[kind],
      });
    }
    const status: EntryStatus =
      p < personCount
        ? 'active'
        : pick.one(['suspended', 'excluded', 'inactive', 'inactive'] as const);
    for (const a of own) {
      const kinds = kindsByLanguage.get(a.languageCode)!;
      const derived = deriveCategory([...kinds, ...independent]);
      if (derived !== a.category) {
        throw new Error(
          `Demo evidence for ${a.languageCode} derives ${derived}, wanted ${a.category}`,
        );
      }
      for (const kind of kinds) {
        evidence.push({
          interpreterId: person.id,
          languageCode: a.languageCode,
          kind,
          obtainedOn: pick.date(2005, 2020),
          issuer: ISSUERS[kind],
        });
      }
      entries.push({
        interpreterId: person.id,
        languageCode: a.languageCode,
        category: derived,
        status,
        registeredOn: pick.date(2012, 2021),
      });
    }
  }
  return { persons, evidence, entries };
}

function makePerson(
  pick: Picker,
  firstLanguage: string,
  usedIds: Set<string>,
  usedEmails: Set<string>,
): DemoPerson {
  const gender: Gender = pick.chance(0.58) ? 'female' : 'male';
  const region = regionOf(firstLanguage);
  // Some interpreters of large languages grew up in Norway; some married into Norwegian names.
  const pool = NAME_POOLS[region === 'norwegian' || pick.chance(0.08) ? 'norwegian' : region];
  const givenName = pick.one(gender === 'female' ? pool.female : pool.male);
  const familyName = pick.chance(0.1)
    ? pick.one(NAME_POOLS.norwegian.family)
    : pick.one(pool.family);

  let nationalId: string | null = null;
  while (nationalId === null || usedIds.has(nationalId)) {
    const birth = new Date(Date.UTC(1955 + pick.int(48), pick.int(12), 1 + pick.int(28)));
    nationalId = syntheticNationalId(birth, gender, pick.int(250));
  }
  usedIds.add(nationalId);

  const countyCode = SAMI_LANGUAGES.has(firstLanguage)
    ? pick.one(['56', '56', '55', '18'])
    : pick.weighted(COUNTY_WEIGHTS);
  const local = foldForSearch(`${givenName} ${familyName}`).replace(/ /g, '.');
  let email = `${local}@tolk.example`;
  for (let n = 2; usedEmails.has(email); n++) email = `${local}${n}@tolk.example`;
  usedEmails.add(email);

  const modalities = (['on_site', 'video', 'phone'] as const).filter((_, i) =>
    pick.chance([0.9, 0.65, 0.7][i]),
  );
  return {
    id: pick.uuid(),
    nationalId,
    givenName,
    familyName,
    searchText: foldForSearch(`${givenName} ${familyName}`),
    sortKey: foldForSearch(`${familyName} ${givenName}`),
    gender,
    countyCode,
    municipality: pick.one(MUNICIPALITIES[countyCode]),
    email,
    emailPublic: pick.chance(0.7),
    phone: `+47 ${pick.one(['4', '9'])}${String(pick.int(10_000_000)).padStart(7, '0')}`,
    phonePublic: pick.chance(0.55),
    availability: pick.weighted({ full_time: 20, part_time: 35, occasional: 45 }),
    modalities: modalities.length > 0 ? [...modalities] : ['on_site'],
  };
}
