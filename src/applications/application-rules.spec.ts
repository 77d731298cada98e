import {
  appealDeadline,
  checkDecision,
  checkSubmittable,
  type EvidenceItem,
  mayTake,
  noBetterThan,
  supportedCategory,
} from './application-rules.js';

const ev = (
  languageCode: string | null,
  kind: EvidenceItem['kind'],
  accepted = true,
): EvidenceItem => ({
  languageCode,
  kind,
  accepted,
});

describe('supportedCategory', () => {
  it('counts only accepted evidence, for that language and the language-independent TAO course', () => {
    const evidence = [
      ev('ara', 'bilingual_test'),
      ev(null, 'tao_course'),
      ev('fra', 'bachelor_interpreting'),
      ev('ara', 'basic_course', false),
    ];
    expect(supportedCategory(evidence, 'ara')).toBe('E');
    expect(supportedCategory(evidence, 'fra')).toBe('B');
    expect(supportedCategory(evidence, 'som')).toBeNull();
    expect(
      supportedCategory([ev('ara', 'bilingual_test'), ev(null, 'tao_course', false)], 'ara'),
    ).toBeNull();
  });
});

describe('noBetterThan', () => {
  it('orders A best and E worst', () => {
    expect(noBetterThan('D', 'B')).toBe(true);
    expect(noBetterThan('B', 'B')).toBe(true);
    expect(noBetterThan('A', 'B')).toBe(false);
  });
});

describe('checkDecision', () => {
  const evidence = [ev('ara', 'basic_course'), ev('fra', 'bilingual_test')];

  it('accepts the supported category and a reasoned rejection', () => {
    expect(
      checkDecision(['ara', 'fra'], evidence, [
        { languageCode: 'ara', outcome: 'approved', category: 'D' },
        { languageCode: 'fra', outcome: 'rejected', reasons: 'No TAO course documented.' },
      ]),
    ).toEqual([]);
  });

  it('refuses a better category than the evidence supports', () => {
    const problems = checkDecision(['ara'], evidence, [
      { languageCode: 'ara', outcome: 'approved', category: 'C' },
    ]);
    expect(problems).toEqual([
      {
        field: 'languages.0.category',
        message: 'the accepted evidence supports at best category D',
      },
    ]);
  });

  it('allows a lower category only with reasons', () => {
    const lowered = { languageCode: 'ara', outcome: 'approved' as const, category: 'E' as const };
    expect(checkDecision(['ara'], evidence, [lowered])[0].field).toBe('languages.0.reasons');
    expect(
      checkDecision(['ara'], evidence, [{ ...lowered, reasons: 'Course certificate incomplete.' }]),
    ).toEqual([]);
  });

  it('refuses an approval the evidence does not support at all', () => {
    const problems = checkDecision(['fra'], evidence, [
      { languageCode: 'fra', outcome: 'approved', category: 'E' },
    ]);
    expect(problems[0].message).toMatch(/supports no category/);
  });

  it('needs every language decided once, and only those', () => {
    expect(
      checkDecision(['ara', 'fra'], evidence, [
        { languageCode: 'ara', outcome: 'approved', category: 'D' },
      ]),
    ).toEqual([{ field: 'languages', message: 'language fra is not decided' }]);
    const twice = checkDecision(['ara'], evidence, [
      { languageCode: 'ara', outcome: 'approved', category: 'D' },
      { languageCode: 'ara', outcome: 'rejected', reasons: 'x' },
    ]);
    expect(twice).toEqual([{ field: 'languages.1.languageCode', message: 'decided twice' }]);
    const foreign = checkDecision(['ara'], evidence, [
      { languageCode: 'ara', outcome: 'approved', category: 'D' },
      { languageCode: 'som', outcome: 'rejected', reasons: 'x' },
    ]);
    expect(foreign[0].message).toBe('not a language of this application');
  });

  it('needs reasons for a rejection and no category with it', () => {
    const problems = checkDecision(['ara'], evidence, [
      { languageCode: 'ara', outcome: 'rejected', category: 'D', reasons: ' ' },
    ]);
    expect(problems.map((p) => p.field)).toEqual(['languages.0.category', 'languages.0.reasons']);
  });
});

describe('checkSubmittable', () => {
  it('needs a language with its own evidence, a county and an e-mail address', () => {
    expect(
      checkSubmittable({
        languages: ['ara'],
        evidence: [{ languageCode: 'ara', kind: 'basic_course' }],
        countyCode: '03',
        email: 'a@example.org',
      }),
    ).toEqual([]);
    const problems = checkSubmittable({
      languages: ['ara'],
      evidence: [{ languageCode: null, kind: 'tao_course' }],
      countyCode: null,
      email: null,
    });
    expect(problems.map((p) => p.field)).toEqual(['languages.0', 'countyCode', 'email']);
    expect(
      checkSubmittable({ languages: [], evidence: [], countyCode: '03', email: 'a@b.no' })[0].field,
    ).toBe('languages');
  });
});

describe('the case steps', () => {
  it('decides only a case under review and takes appeals only after a decision', () => {
    expect(mayTake('decide', 'in_review')).toBe(true);
    expect(mayTake('decide', 'decided')).toBe(false);
    expect(mayTake('decide', 'awaiting_applicant')).toBe(false);
    expect(mayTake('appeal', 'decided')).toBe(true);
    expect(mayTake('appeal', 'forwarded')).toBe(false);
    expect(mayTake('reverse', 'appealed')).toBe(true);
  });

  it('gives three weeks and a week for delivery to appeal', () => {
    expect(appealDeadline(new Date('2026-11-02T10:00:00Z')).toISOString().slice(0, 10)).toBe(
      '2026-11-30',
    );
  });
});
