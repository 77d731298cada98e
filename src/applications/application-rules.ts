import {
  CATEGORIES,
  type Category,
  deriveCategory,
  type EvidenceKind,
} from '../register/category.js';

/**
 * The pure rules of an application's case: its states and who may move it
 * where, what the evidence supports, and what a handler may decide.
 */
export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'in_review',
  'awaiting_applicant',
  'decided',
  'appealed',
  'forwarded',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Cases a handler still has to act on. */
export const OPEN_CASE_STATUSES: readonly ApplicationStatus[] = [
  'submitted',
  'in_review',
  'awaiting_applicant',
  'appealed',
];

/** The steps of a case and the statuses each may start from. */
export const TRANSITIONS = {
  submit: ['draft'],
  withdraw: ['draft', 'submitted', 'in_review', 'awaiting_applicant'],
  take: ['submitted', 'in_review', 'awaiting_applicant', 'appealed'],
  requestInformation: ['in_review'],
  answer: ['awaiting_applicant'],
  decide: ['in_review'],
  appeal: ['decided'],
  reverse: ['appealed'],
  forward: ['appealed'],
} as const satisfies Record<string, readonly ApplicationStatus[]>;
export type CaseStep = keyof typeof TRANSITIONS;

export function mayTake(step: CaseStep, status: ApplicationStatus): boolean {
  return (TRANSITIONS[step] as readonly ApplicationStatus[]).includes(status);
}

/** How long after the decision an appeal is accepted: 3 weeks from receipt (forvaltningsloven § 29), plus delivery. */
export const APPEAL_DAYS = 21;
/** Days added for the letter to reach the applicant: a digital letter is received when it is opened, at the latest a week on. */
export const APPEAL_DELIVERY_DAYS = 7;

export function appealDeadline(decidedAt: Date): Date {
  const d = new Date(decidedAt.getTime());
  d.setUTCDate(d.getUTCDate() + APPEAL_DAYS + APPEAL_DELIVERY_DAYS);
  return d;
}

/** EEA states and Switzerland (ISO 3166-1 alpha-2), whose qualifications may be recognised. */
export const EEA_AND_SWITZERLAND = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT',
  'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'CH',
] as const; // prettier-ignore

export interface EvidenceItem {
  languageCode: string | null;
  kind: EvidenceKind;
  accepted: boolean | null;
}

/**
 * The best category the evidence the handler accepted supports for one
 * language: that language's accepted evidence plus the accepted
 * language-independent evidence (the TAO course).
 */
export function supportedCategory(
  evidence: readonly EvidenceItem[],
  language: string,
): Category | null {
  return deriveCategory(
    evidence
      .filter(
        (e) => e.accepted === true && (e.languageCode === language || e.languageCode === null),
      )
      .map((e) => e.kind),
  );
}

/** Whether `category` is no better than `supported` (A is best). */
export function noBetterThan(category: Category, supported: Category): boolean {
  return CATEGORIES.indexOf(category) >= CATEGORIES.indexOf(supported);
}

export interface LanguageDecision {
  languageCode: string;
  outcome: 'approved' | 'rejected';
  category?: Category | null;
  reasons?: string | null;
}

/** One thing wrong with a decision, by the field it concerns. */
export interface DecisionProblem {
  field: string;
  message: string;
}

/**
 * Checks a handler's decision on every language of an application against
 * the accepted evidence. An approval may give the category the evidence
 * supports or a lower one, never a better one; a lower one needs a reason; a
 * rejection needs reasons. Every language applied for is decided once.
 */
export function checkDecision(
  languages: readonly string[],
  evidence: readonly EvidenceItem[],
  decisions: readonly LanguageDecision[],
): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  const seen = new Set<string>();
  decisions.forEach((d, i) => {
    const field = `languages.${i}`;
    if (!languages.includes(d.languageCode)) {
      problems.push({
        field: `${field}.languageCode`,
        message: 'not a language of this application',
      });
      return;
    }
    if (seen.has(d.languageCode)) {
      problems.push({ field: `${field}.languageCode`, message: 'decided twice' });
      return;
    }
    seen.add(d.languageCode);
    const reasons = d.reasons?.trim() ?? '';
    if (d.outcome === 'rejected') {
      if (d.category)
        problems.push({ field: `${field}.category`, message: 'a rejection has no category' });
      if (!reasons)
        problems.push({ field: `${field}.reasons`, message: 'a rejection needs reasons' });
      return;
    }
    const supported = supportedCategory(evidence, d.languageCode);
    if (!d.category) {
      problems.push({ field: `${field}.category`, message: 'an approval needs a category' });
    } else if (supported === null) {
      problems.push({
        field: `${field}.category`,
        message: 'the accepted evidence supports no category for this language',
      });
    } else if (!noBetterThan(d.category, supported)) {
      problems.push({
        field: `${field}.category`,
        message: `the accepted evidence supports at best category ${supported}`,
      });
    } else if (d.category !== supported && !reasons) {
      problems.push({
        field: `${field}.reasons`,
        message: `a category lower than ${supported} needs reasons`,
      });
    }
  });
  for (const code of languages) {
    if (!seen.has(code)) {
      problems.push({ field: 'languages', message: `language ${code} is not decided` });
    }
  }
  return problems;
}

/** Problems that stop an applicant from submitting their draft. */
export function checkSubmittable(draft: {
  languages: readonly string[];
  evidence: readonly { languageCode: string | null; kind: EvidenceKind }[];
  countyCode: string | null;
  email: string | null;
}): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  if (draft.languages.length === 0) {
    problems.push({ field: 'languages', message: 'choose at least one language' });
  }
  draft.languages.forEach((code, i) => {
    const own = draft.evidence.some((e) => e.languageCode === code);
    if (!own) {
      problems.push({
        field: `languages.${i}`,
        message: `add at least one qualification for language ${code}`,
      });
    }
  });
  if (!draft.countyCode) problems.push({ field: 'countyCode', message: 'choose a county' });
  if (!draft.email) problems.push({ field: 'email', message: 'give an e-mail address' });
  return problems;
}
