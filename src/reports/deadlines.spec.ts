import { addDays, addMonths, isCalendarDate, osloDate } from './calendar-date.js';
import { dueSoon, overdue, reportDeadlines, type Clock } from './deadlines.js';

const clockAt = (iso: string): Clock => ({ now: () => new Date(iso) });

describe('calendar dates', () => {
  it('adds calendar months, a missing day becoming the month’s last', () => {
    expect(addMonths('2025-01-31', 3)).toBe('2025-04-30');
    expect(addMonths('2024-11-30', 3)).toBe('2025-02-28');
    expect(addMonths('2023-11-30', 3)).toBe('2024-02-29');
    expect(addMonths('2025-01-15', 3)).toBe('2025-04-15');
    expect(addMonths('2025-10-31', 3)).toBe('2026-01-31');
    expect(addMonths('2024-02-29', -60)).toBe('2019-02-28');
  });

  it('adds days across months, years and daylight-saving changes', () => {
    expect(addDays('2025-03-27', 7)).toBe('2025-04-03');
    expect(addDays('2024-12-28', 7)).toBe('2025-01-04');
    expect(addDays('2024-02-25', 7)).toBe('2024-03-03');
  });

  it('knows real dates and the Oslo date of an instant', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-2-1')).toBe(false);
    expect(osloDate(new Date('2025-01-31T23:30:00Z'))).toBe('2025-02-01'); // winter, UTC+1
    expect(osloDate(new Date('2025-06-30T22:30:00Z'))).toBe('2025-07-01'); // summer, UTC+2
    expect(osloDate(new Date('2025-06-30T21:30:00Z'))).toBe('2025-06-30');
  });
});

describe('report deadlines', () => {
  it('acknowledge within 7 days, feedback within 3 calendar months (31 January → 30 April)', () => {
    expect(reportDeadlines(new Date('2025-01-31T10:00:00+01:00'))).toEqual({
      receivedOn: '2025-01-31',
      acknowledgeBy: '2025-02-07',
      feedbackBy: '2025-04-30',
    });
  });

  it('counts from the Oslo date of receipt, not the UTC date', () => {
    // 00:30 on 1 February in Oslo is still 31 January in UTC.
    expect(reportDeadlines(new Date('2025-01-31T23:30:00Z'))).toEqual({
      receivedOn: '2025-02-01',
      acknowledgeBy: '2025-02-08',
      feedbackBy: '2025-05-01',
    });
  });

  it('is overdue only after the last day has ended in Oslo', () => {
    const { acknowledgeBy } = reportDeadlines(new Date('2025-01-31T10:00:00Z')); // 2025-02-07
    expect(overdue(acknowledgeBy, clockAt('2025-02-07T22:59:59Z').now())).toBe(false); // 23:59:59 Oslo
    expect(overdue(acknowledgeBy, clockAt('2025-02-07T23:00:00Z').now())).toBe(true); // 00:00 8 Feb Oslo
  });

  it('is due soon within the given days, the last day included, and not once overdue', () => {
    const deadline = '2025-02-07';
    expect(dueSoon(deadline, clockAt('2025-02-04T12:00:00Z').now(), 2)).toBe(false);
    expect(dueSoon(deadline, clockAt('2025-02-05T12:00:00Z').now(), 2)).toBe(true);
    expect(dueSoon(deadline, clockAt('2025-02-07T12:00:00Z').now(), 2)).toBe(true);
    expect(dueSoon(deadline, clockAt('2025-02-07T12:00:00Z').now(), 0)).toBe(true);
    expect(dueSoon(deadline, clockAt('2025-02-08T12:00:00Z').now(), 2)).toBe(false);
    expect(overdue(deadline, clockAt('2025-02-08T12:00:00Z').now())).toBe(true);
  });

  it('refuses a deadline that is not a date, negative days and an invalid time', () => {
    expect(() => overdue('07.02.2025', new Date())).toThrow(RangeError);
    expect(() => dueSoon('2025-02-07', new Date(), -1)).toThrow(RangeError);
    expect(() => reportDeadlines(new Date('nonsense'))).toThrow(RangeError);
  });
});
