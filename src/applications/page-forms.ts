import type { DomainError } from '../common/problem.js';
import type { UiLanguage } from '../web/i18n.js';
import { APPLICATION_MESSAGES, problemText } from './applications.messages.js';

// What the applicant's and the case handler's pages share: reading a form,
// a time as people in Norway read it, and problems in the page's language.

export type Form = Record<string, string | string[] | undefined>;

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

/** Why an upload was refused, in the page's language. */
export function uploadProblem(lang: UiLanguage, error: DomainError): string {
  const texts = APPLICATION_MESSAGES[lang].uploadProblems;
  return texts[error.code] ?? texts.default;
}

/** Page errors from a domain error's field problems, in the page's language. */
export function pageErrors(
  lang: UiLanguage,
  error: DomainError,
  languageName?: (code: string) => string,
): Array<{ field: string; text: string }> {
  const problems = error.errors ?? [];
  if (problems.length === 0) return [{ field: 'form', text: error.message }];
  return problems.map((p) => ({
    field: p.field,
    text: problemText(lang, p.message, languageName),
  }));
}
