import { needsExclusionReview, type SanctionRecord } from './escalation.js';

const w = (decidedOn: string): SanctionRecord => ({ kind: 'warning', decidedOn });

describe('needsExclusionReview', () => {
  it('opens no review for no history, two warnings, or guidance and no-action decisions', () => {
    expect(needsExclusionReview([], '2025-06-15')).toEqual({
      review: false,
      reason: null,
      counted: { windowStart: '2020-06-15', warnings: [], seriousBreaches: [] },
    });
    expect(needsExclusionReview([w('2024-01-01'), w('2025-01-01')], '2025-06-15').review).toBe(
      false,
    );
    const mild: SanctionRecord[] = [
      { kind: 'guidance', decidedOn: '2024-01-01' },
      { kind: 'no_action', decidedOn: '2024-02-01' },
      { kind: 'guidance', decidedOn: '2024-03-01' },
      w('2025-01-01'),
    ];
    expect(needsExclusionReview(mild, '2025-06-15').review).toBe(false);
  });

  it('the third warning within five years opens a review, and says which warnings counted', () => {
    const history = [w('2025-06-15'), w('2021-03-01'), w('2023-09-30')];
    const result = needsExclusionReview(history, '2025-06-15');
    expect(result.review).toBe(true);
    expect(result.reason).toBe('third_warning_in_five_years');
    expect(result.counted.warnings.map((r) => r.decidedOn)).toEqual([
      '2021-03-01',
      '2023-09-30',
      '2025-06-15',
    ]);
  });

  it('counts a warning decided exactly five years ago, not one a day older (both ends inclusive)', () => {
    const history = [w('2020-06-15'), w('2023-01-01'), w('2025-06-15')];
    expect(needsExclusionReview(history, '2025-06-15').reason).toBe('third_warning_in_five_years');
    const next = needsExclusionReview(history, '2025-06-16');
    expect(next.review).toBe(false);
    expect(next.counted.windowStart).toBe('2020-06-16');
    expect(next.counted.warnings).toHaveLength(2);
  });

  it('leap days: a 29 February warning counts until 28 February five years on', () => {
    const history = [w('2020-02-29'), w('2023-01-01'), w('2024-12-01')];
    const last = needsExclusionReview(history, '2025-02-28');
    expect(last.counted.windowStart).toBe('2020-02-28');
    expect(last.review).toBe(true);
    const after = needsExclusionReview(history, '2025-03-01');
    expect(after.counted.windowStart).toBe('2020-03-01');
    expect(after.review).toBe(false);
  });

  it('leap days: on 29 February the window opens on 28 February five years before', () => {
    const history = [w('2019-02-28'), w('2022-01-01'), w('2024-02-29')];
    const result = needsExclusionReview(history, '2024-02-29');
    expect(result.counted.windowStart).toBe('2019-02-28');
    expect(result.review).toBe(true);
    expect(needsExclusionReview([w('2019-02-27'), ...history.slice(1)], '2024-02-29').review).toBe(
      false,
    );
  });

  it('one serious breach opens a review; serious breach wins when both apply', () => {
    const breach: SanctionRecord = { kind: 'serious_breach', decidedOn: '2025-06-01' };
    expect(needsExclusionReview([breach], '2025-06-15')).toMatchObject({
      review: true,
      reason: 'serious_breach',
      counted: { seriousBreaches: [breach], warnings: [] },
    });
    const both = needsExclusionReview(
      [w('2022-01-01'), w('2023-01-01'), w('2024-01-01'), breach],
      '2025-06-15',
    );
    expect(both.reason).toBe('serious_breach');
    expect(both.counted.warnings).toHaveLength(3);
  });

  it('a serious breach older than five years, or a decision dated after today, does not count', () => {
    expect(
      needsExclusionReview([{ kind: 'serious_breach', decidedOn: '2020-06-14' }], '2025-06-15')
        .review,
    ).toBe(false);
    expect(
      needsExclusionReview([w('2024-01-01'), w('2025-01-01'), w('2025-06-16')], '2025-06-15')
        .review,
    ).toBe(false);
  });

  it('keeps the caller’s records (with their ids) in what it counted', () => {
    const history = [{ id: 'a', kind: 'warning' as const, decidedOn: '2024-01-01' }];
    expect(needsExclusionReview(history, '2025-01-01').counted.warnings[0].id).toBe('a');
  });

  it('refuses dates that are not calendar dates', () => {
    expect(() => needsExclusionReview([], '2025-02-29')).toThrow(RangeError);
    expect(() => needsExclusionReview([w('15.06.2025')], '2025-06-15')).toThrow(RangeError);
  });
});
