/**
 * Calendar dates as `YYYY-MM-DD` strings, with no time of day and no time
 * zone: what a decision letter or a deadline names. Arithmetic in UTC on the
 * date alone, so no daylight-saving change can move a date.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (no 2023-02-29). */
export function isCalendarDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function parts(value: string): [number, number, number] {
  if (!isCalendarDate(value)) throw new RangeError('Not a calendar date (YYYY-MM-DD).');
  return value.split('-').map(Number) as [number, number, number];
}

function format(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `date` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return format(new Date(Date.UTC(y, m - 1, d + days)));
}

/**
 * `date` plus `months` calendar months (may be negative). A day the target
 * month lacks becomes its last day: 31 January + 3 months = 30 April,
 * 29 February - 12 months = 28 February.
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0),
  ).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return format(first);
}

/** The date in Norway at `instant` (Europe/Oslo): the date a person there would write. */
export function osloDate(instant: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Oslo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}
