import { addMonths, isCalendarDate } from './calendar-date.js';

/**
 * The escalation rule of the Interpreter Act as issue #11 states it: a third
 * written warning within five years, or one serious breach, opens an
 * exclusion review. Pure: the caller passes the interpreter's decided
 * sanctions and today's date (Europe/Oslo, see `osloDate`).
 *
 * The window (docs/decisions.md, "Reports groundwork"):
 * - A decision counts when `today - 5 years <= decidedOn <= today`, both ends
 *   inclusive: a warning decided on 2020-06-15 still counts on 2025-06-15 and
 *   no longer on 2025-06-16. The rule opens a review, not a sanction, so at
 *   the boundary it leans towards the handler looking.
 * - "5 years" is calendar arithmetic: on 2025-02-28 the window opens
 *   2020-02-28; on 2024-02-29 it opens 2019-02-28 (a leap day minus five
 *   years is the last day of that February).
 * - A decision dated after `today` is not counted (it cannot be "within five
 *   years before today"); it is a data error the caller should not have.
 * - The window applies to serious breaches too: a serious breach found more
 *   than five years ago does not keep reopening reviews.
 * - With both a serious breach and three warnings, the reason is
 *   `serious_breach` (one reason is enough); `counted` shows both.
 */

export const ESCALATION_WINDOW_YEARS = 5;
export const WARNINGS_FOR_REVIEW = 3;

export type SanctionKind =
  | 'no_action'
  | 'guidance'
  | 'warning'
  | 'serious_breach'
  | 'temporary_exclusion'
  | 'exclusion'
  | 'revocation';

export interface SanctionRecord {
  kind: SanctionKind;
  /** YYYY-MM-DD, the date of the decision. */
  decidedOn: string;
}

export type EscalationReason = 'third_warning_in_five_years' | 'serious_breach';

export interface EscalationResult<T extends SanctionRecord> {
  review: boolean;
  reason: EscalationReason | null;
  counted: {
    /** First day of the window (inclusive); `today` is its last. */
    windowStart: string;
    /** The warnings within the window, oldest first. */
    warnings: T[];
    /** The serious breaches within the window, oldest first. */
    seriousBreaches: T[];
  };
}

export function needsExclusionReview<T extends SanctionRecord>(
  history: readonly T[],
  today: string,
): EscalationResult<T> {
  if (!isCalendarDate(today)) throw new RangeError('today must be a calendar date (YYYY-MM-DD).');
  for (const r of history) {
    if (!isCalendarDate(r.decidedOn))
      throw new RangeError('decidedOn must be a calendar date (YYYY-MM-DD).');
  }
  const windowStart = addMonths(today, -12 * ESCALATION_WINDOW_YEARS);
  // ISO dates compare correctly as strings.
  const inWindow = history
    .filter((r) => r.decidedOn >= windowStart && r.decidedOn <= today)
    .sort((a, b) => (a.decidedOn < b.decidedOn ? -1 : a.decidedOn > b.decidedOn ? 1 : 0));
  const warnings = inWindow.filter((r) => r.kind === 'warning');
  const seriousBreaches = inWindow.filter((r) => r.kind === 'serious_breach');
  const reason: EscalationReason | null =
    seriousBreaches.length > 0
      ? 'serious_breach'
      : warnings.length >= WARNINGS_FOR_REVIEW
        ? 'third_warning_in_five_years'
        : null;
  return { review: reason !== null, reason, counted: { windowStart, warnings, seriousBreaches } };
}
