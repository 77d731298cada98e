/**
 * What every part of the reports feature (issue #11) agrees on: the
 * vocabularies of the database types, the shapes of the sealed JSON values,
 * and the sealing convention.
 *
 * Sealing convention: every `*_sealed` column is sealed with
 * `SealingService.seal(value, aadFor(<table>, <row id>, <column name>))`,
 * e.g. `aadFor('reports', id, 'content_sealed')`; JSON values as UTF-8 JSON.
 * The row id is generated in the service (`randomUUID()`) before sealing.
 */

import { aadFor } from '../sealing/sealed-box.js';

/**
 * The AAD of a conflict declaration's statement: `report_conflicts` has a
 * composite key, so its place is the report, the user and the capacity.
 */
export function conflictAad(reportId: string, userId: string, capacity: string): string {
  return aadFor('report_conflicts', `${reportId}:${userId}:${capacity}`, 'statement_sealed');
}

export const REPORT_DUTIES = ['good_practice', 'confidentiality', 'impartiality', 'other'] as const;
export type ReportDuty = (typeof REPORT_DUTIES)[number];

export const REPORT_STATUSES = [
  'received',
  'investigating',
  'with_committee',
  'decided',
  'closed',
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_OUTCOMES = [
  'no_action',
  'guidance',
  'warning',
  'exclusion_period',
  'exclusion_permanent',
  'revocation',
] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

export const REPORT_KINDS = ['report', 'exclusion_review'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const MESSAGE_CHANNELS = [
  'reporter',
  'interpreter',
  'internal',
  'public_body',
  'committee',
] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export type MessageAuthor = 'reporter' | 'staff' | 'interpreter' | 'committee';

/** `reports.content_sealed` of a report: what the reporter told, as they told it. */
export interface ReportContent {
  /** The account, 1 to 20 000 characters. */
  text: string;
  /** YYYY-MM-DD, when it happened, if the reporter says. */
  happenedOn: string | null;
  /** Where (free text: a ward, a court room, a video call). */
  place: string | null;
  /** The public body the interpreter worked for. */
  publicBody: string | null;
  /** The interpreter as the reporter named them: a number, or a name and a language. */
  interpreterNumber: number | null;
  interpreterName: string | null;
  languageCode: string | null;
}

/** `reports.content_sealed` of an exclusion review: why the escalation rule opened it. */
export interface ReviewContent {
  reason: 'third_warning_in_five_years' | 'serious_breach';
  windowStart: string;
  counted: Array<{ kind: string; decidedOn: string; caseNumber: string | null }>;
}

/** `reports.reporter_sealed`: a reporter who gave their name (null when anonymous). */
export interface ReporterIdentity {
  name: string;
  email: string | null;
  phone: string | null;
  /** Their workplace or role, if they say (a nurse at a hospital, say). */
  organisation: string | null;
}

/** `report_messages.body_sealed` of a request to a public body (channel `public_body`). */
export interface PublicBodyRequest {
  publicBody: string;
  text: string;
  /** YYYY-MM-DD, the answer is due. */
  dueOn: string | null;
}
