// What every feature's pages share: reading a posted form, and a time as
// people in Norway read it.

export type Form = Record<string, string | string[] | undefined>;

/** A form field as text: the first value if sent twice, trimmed, '' if absent. */
export const field = (form: Form, name: string): string => {
  const v = form[name];
  return (Array.isArray(v) ? v[0] : (v ?? '')).trim();
};

const OSLO = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** A time as people in Norway read it: Oslo time, "2026-11-26 14:05". */
export function osloTime(iso: string | null): string {
  return iso ? OSLO.format(new Date(iso)) : '';
}
