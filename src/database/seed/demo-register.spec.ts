import { isSyntheticNationalId } from '../../interpreters/national-id.js';
import { deriveCategory, type EvidenceKind } from '../../register/category.js';
import { ENTRIES_BY_LANGUAGE, generateDemoRegister, REGISTER_2021 } from './demo-register.js';

describe('the demo register', () => {
  const register = generateDemoRegister();
  const active = register.entries.filter((e) => e.status === 'active');

  it('matches the real register at the end of 2021', () => {
    expect(active).toHaveLength(REGISTER_2021.entries);
    expect(new Set(active.map((e) => e.interpreterId)).size).toBe(REGISTER_2021.persons);
    expect(new Set(active.map((e) => e.languageCode)).size).toBe(REGISTER_2021.languages);
    const byCategory = { A: 0, B: 0, C: 0, D: 0, E: 0 };
    for (const e of active) byCategory[e.category]++;
    expect(byCategory).toEqual(REGISTER_2021.byCategory);
  });

  it('weights languages like the real register', () => {
    const arabic = active.filter((e) => e.languageCode === 'ara').length;
    const japanese = active.filter((e) => e.languageCode === 'jpn').length;
    expect(arabic).toBe(ENTRIES_BY_LANGUAGE.ara);
    expect(japanese).toBe(ENTRIES_BY_LANGUAGE.jpn);
    expect(arabic).toBeGreaterThan(30 * japanese);
  });

  it('gives every entry evidence that derives exactly its category', () => {
    const evidence = new Map<string, EvidenceKind[]>();
    for (const e of register.evidence) {
      const key = `${e.interpreterId}/${e.languageCode ?? '*'}`;
      evidence.set(key, [...(evidence.get(key) ?? []), e.kind]);
    }
    for (const entry of register.entries) {
      const kinds = [
        ...(evidence.get(`${entry.interpreterId}/${entry.languageCode}`) ?? []),
        ...(evidence.get(`${entry.interpreterId}/*`) ?? []),
      ];
      expect(deriveCategory(kinds)).toBe(entry.category);
    }
  });

  it('uses unique, checksum-valid synthetic national identity numbers matching gender', () => {
    const ids = register.persons.map((p) => p.nationalId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of register.persons) {
      expect(isSyntheticNationalId(p.nationalId)).toBe(true);
      expect(Number(p.nationalId[8]) % 2).toBe(p.gender === 'male' ? 1 : 0);
    }
  });

  it('never gives a person the same language twice', () => {
    const keys = register.entries.map((e) => `${e.interpreterId}/${e.languageCode}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('includes hidden (suspended, excluded, inactive) persons besides the active register', () => {
    const hidden = register.entries.filter((e) => e.status !== 'active');
    expect(hidden.length).toBeGreaterThan(0);
    const activePersons = new Set(active.map((e) => e.interpreterId));
    expect(hidden.every((e) => !activePersons.has(e.interpreterId))).toBe(true);
  });

  it('is repeatable for a seed and different for another', () => {
    const again = generateDemoRegister();
    expect(again.persons.map((p) => p.nationalId)).toEqual(
      register.persons.map((p) => p.nationalId),
    );
    const other = generateDemoRegister({ seed: 7 });
    expect(other.persons.map((p) => p.nationalId)).not.toEqual(
      register.persons.map((p) => p.nationalId),
    );
  });

  it('scales for benchmarks', () => {
    const big = generateDemoRegister({ scale: 10 });
    const bigActive = big.entries.filter((e) => e.status === 'active');
    expect(bigActive).toHaveLength(REGISTER_2021.entries * 10);
    expect(new Set(bigActive.map((e) => e.interpreterId)).size).toBe(REGISTER_2021.persons * 10);
    expect(new Set(big.persons.map((p) => p.nationalId)).size).toBe(big.persons.length);
  });
});
