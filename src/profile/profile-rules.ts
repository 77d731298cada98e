import type { ProblemFieldError } from '../common/problem.js';
import { COUNTY_CODES } from '../geography/counties.js';
import {
  AVAILABILITIES,
  MODALITIES,
  type Availability,
  type Modality,
} from '../interpreters/interpreter.js';

export const PUBLIC_NOTE_MAX = 300;
export const REFUSAL_REASON_MAX = 2000;

/** A phone number as the applications take it: digits and spaces, an optional leading +. */
export const PHONE = /^\+?[0-9 ]{8,19}$/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** A web address, with or without a scheme: not in an official register's free text. */
const LINK = /(?:[a-z][a-z0-9+.-]*:\/\/|\bwww\.)/i;

/** What a person sends for their profile, before checking. */
export interface ProfileDraft {
  email: string | null;
  emailPublic: boolean;
  phone: string | null;
  phonePublic: boolean;
  availability: string;
  modalities: string[];
  workCounties: string[];
  publicNote: string | null;
}

/**
 * Checks a profile (the rules, for the API and the page alike): known enum
 * values, each once; known county codes, each once; a note of at most 300
 * characters without control characters or links; a public contact detail
 * must exist. Returns the problems, field by field; none means valid.
 */
export function profileProblems(p: ProfileDraft): ProblemFieldError[] {
  const problems: ProblemFieldError[] = [];
  if (p.email !== null && (p.email.length > 254 || !EMAIL.test(p.email))) {
    problems.push({ field: 'email', message: 'not an e-mail address' });
  }
  if (p.phone !== null && !PHONE.test(p.phone)) {
    problems.push({ field: 'phone', message: 'not a phone number' });
  }
  if (p.emailPublic && p.email === null) {
    problems.push({ field: 'emailPublic', message: 'there is no e-mail address to publish' });
  }
  if (p.phonePublic && p.phone === null) {
    problems.push({ field: 'phonePublic', message: 'there is no phone number to publish' });
  }
  if (!(AVAILABILITIES as readonly string[]).includes(p.availability)) {
    problems.push({ field: 'availability', message: 'unknown availability' });
  }
  listProblems(problems, 'modalities', p.modalities, MODALITIES, 'unknown modality');
  listProblems(problems, 'workCounties', p.workCounties, COUNTY_CODES, 'unknown county');
  if (p.publicNote !== null) {
    if ([...p.publicNote].length > PUBLIC_NOTE_MAX) {
      problems.push({ field: 'publicNote', message: `at most ${PUBLIC_NOTE_MAX} characters` });
    } else if (CONTROL.test(p.publicNote)) {
      problems.push({ field: 'publicNote', message: 'no control characters or line breaks' });
    } else if (LINK.test(p.publicNote)) {
      problems.push({ field: 'publicNote', message: 'no web addresses' });
    }
  }
  return problems;
}

function listProblems(
  problems: ProblemFieldError[],
  field: string,
  values: string[],
  known: readonly string[],
  unknown: string,
): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (!known.includes(v)) problems.push({ field: `${field}.${i}`, message: unknown });
    else if (seen.has(v)) problems.push({ field: `${field}.${i}`, message: 'listed twice' });
    seen.add(v);
  });
}

/** A valid draft as the profile's types (call after `profileProblems` found none). */
export function asProfile(p: ProfileDraft): {
  availability: Availability;
  modalities: Modality[];
  workCounties: string[];
} {
  return {
    availability: p.availability as Availability,
    modalities: MODALITIES.filter((m) => p.modalities.includes(m)),
    // Kept in the official order, so the profile reads the same however they were ticked.
    workCounties: COUNTY_CODES.filter((c) => p.workCounties.includes(c)),
  };
}

/** The names of the profile fields that differ (never their values: the audit trail gets these). */
export function changedFields<T extends object>(before: T, after: T): string[] {
  return (Object.keys(after) as Array<keyof T>)
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map(String)
    .sort();
}
