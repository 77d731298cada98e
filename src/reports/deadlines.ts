import { addDays, addMonths, isCalendarDate, osloDate } from './calendar-date.js';

/**
 * Report deadlines (issue #11; EU directive 2019/1937 art. 9(1)(b) and (f)):
 * acknowledge within 7 days of receipt, give feedback within 3 months of it.
 *
 * Deadlines are calendar dates in Norway (Europe/Oslo), inclusive: a report
 * received at any time on 2025-01-31 (Oslo) is acknowledged in time up to
 * the end of 2025-02-07 and answered up to the end of 2025-04-30 (31 January
 * + 3 months: the day April lacks becomes its last day). A report received at
 * 00:30 Oslo time on 1 February counts from 1 February even though it is
 * still 31 January in UTC. Everything takes `now` from the caller (an
 * injectable clock), never from `Date.now()`.
 */

export const ACKNOWLEDGE_WITHIN_DAYS = 7;
export const FEEDBACK_WITHIN_MONTHS = 3;

export interface Clock {
  now(): Date;
}

export interface ReportDeadlines {
  /** The Oslo date the report was received. */
  receivedOn: string;
  /** Last day to acknowledge receipt. */
  acknowledgeBy: string;
  /** Last day to give the reporter feedback. */
  feedbackBy: string;
}

export function reportDeadlines(receivedAt: Date): ReportDeadlines {
  if (Number.isNaN(receivedAt.getTime())) throw new RangeError('receivedAt is not a valid time.');
  const receivedOn = osloDate(receivedAt);
  return {
    receivedOn,
    acknowledgeBy: addDays(receivedOn, ACKNOWLEDGE_WITHIN_DAYS),
    feedbackBy: addMonths(receivedOn, FEEDBACK_WITHIN_MONTHS),
  };
}

function check(deadline: string): void {
  if (!isCalendarDate(deadline))
    throw new RangeError('A deadline is a calendar date (YYYY-MM-DD).');
}

/** Past its last day (in Oslo) at `now`. On the last day itself it is not yet overdue. */
export function overdue(deadline: string, now: Date): boolean {
  check(deadline);
  return osloDate(now) > deadline;
}

/**
 * Not overdue, and the last day is within `days` days from today (Oslo):
 * with `days` = 2 on 2025-02-05, deadlines 2025-02-05 to 2025-02-07 are due
 * soon. An overdue deadline is not "due soon": it is in the overdue list.
 */
export function dueSoon(deadline: string, now: Date, days: number): boolean {
  check(deadline);
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError('days must be a whole number, 0 or more.');
  const today = osloDate(now);
  return deadline >= today && deadline <= addDays(today, days);
}
