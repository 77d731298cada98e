/**
 * Qualification categories A–E and how they follow from documented evidence
 * (domain.md). A–D are "highly qualified", E "low qualified".
 */
export const CATEGORIES = ['A', 'B', 'C', 'D', 'E'] as const;
export type Category = (typeof CATEGORIES)[number];

export const HIGHLY_QUALIFIED: readonly Category[] = ['A', 'B', 'C', 'D'];

export const EVIDENCE_KINDS = [
  'state_authorisation',
  'bachelor_interpreting',
  'basic_course',
  'bilingual_test',
  'tao_course',
  'state_authorised_translator',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Evidence that holds for every language a person interprets (the TAO course). */
export const LANGUAGE_INDEPENDENT_EVIDENCE: readonly EvidenceKind[] = ['tao_course'];

/**
 * The best category the evidence for one language supports, or null when it
 * supports none. `evidence` is the person's evidence for that language plus
 * their language-independent evidence.
 */
export function deriveCategory(evidence: Iterable<EvidenceKind>): Category | null {
  const has = new Set(evidence);
  const authorised = has.has('state_authorisation');
  const bachelor = has.has('bachelor_interpreting');
  const basic = has.has('basic_course');
  const tao = has.has('tao_course');
  if (authorised && bachelor) return 'A';
  if (bachelor || (authorised && basic)) return 'B';
  if (authorised) return 'C';
  if (basic) return 'D';
  if (tao && (has.has('bilingual_test') || has.has('state_authorised_translator'))) return 'E';
  return null;
}

/** All categories at least as good as `min` (A is best). */
export function categoriesAtLeast(min: Category): Category[] {
  return CATEGORIES.slice(0, CATEGORIES.indexOf(min) + 1);
}

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

export function emptyCategoryCounts(): Record<Category, number> {
  return { A: 0, B: 0, C: 0, D: 0, E: 0 };
}
