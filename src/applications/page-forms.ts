import type { DomainError } from '../common/problem.js';
import type { UiLanguage } from '../web/i18n.js';
import { APPLICATION_MESSAGES, problemText } from './applications.messages.js';

// What the applicant's and the case handler's pages share beyond the page
// layer's form helpers (src/web/form-fields.ts): problems in the page's language.

export { field, type Form, osloTime } from '../web/form-fields.js';

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
