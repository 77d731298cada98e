import type { ActorType } from './audit-chain.js';

/**
 * Who does something, with which roles, from where: what every service
 * method that writes is given, and what the audit trail records. Never a
 * national identity number; never the address of an anonymous reporter.
 */
export interface Actor {
  readonly type: ActorType;
  /** The user's internal id; null for the system and for anonymous callers. */
  readonly userId: string | null;
  readonly roles: readonly string[];
  /** The client address as the trusted proxies report it; null when it must not be kept. */
  readonly clientIp: string | null;
}

/** The register itself: start-up work, maintenance commands, scheduled jobs. */
export const SYSTEM: Actor = Object.freeze({
  type: 'system',
  userId: null,
  roles: [],
  clientIp: null,
});

/**
 * Someone sending or following up a report (issue #11): never their address,
 * never a user id, so an anonymous reporter leaves no trace in the trail.
 */
export const REPORTER: Actor = Object.freeze({
  type: 'anonymous',
  userId: null,
  roles: [],
  clientIp: null,
});

/** Someone not signed in (a failed sign-in, say), known only by their address. */
export function anonymousVisitor(clientIp: string): Actor {
  return { type: 'anonymous', userId: null, roles: [], clientIp };
}

/**
 * Every action the audit trail knows. A new kind of event is added here, so
 * the trail's vocabulary is one list that can be read and searched.
 */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'api_token.created',
  'api_token.revoked',
  'staff.listed',
  'staff.created',
  'staff.roles_changed',
  'staff.identity_recorded',
  'card.reported_lost',
  'cards.key_retired',
  'cards.print_run',
  'register.demo_seeded',
  'notifications.listed',
  'document.stored',
  'register.imported',
  'application.created',
  'application.submitted',
  'application.withdrawn',
  'application.answered',
  'application.appealed',
  'application.read',
  'application.assigned',
  'application.note_added',
  'application.information_requested',
  'application.decided',
  'application.reversed',
  'application.forwarded',
  'application.document_read',
  'profile.updated',
  'photo.submitted',
  'photo.approved',
  'photo.refused',
  'photo.read',
  'privacy.exported',
  'report.received',
  'report.reporter_wrote',
  'report.read',
  'report.assigned',
  'report.conflict_declared',
  'report.acknowledged',
  'report.message_sent',
  'report.note_added',
  'report.information_requested',
  'report.interpreter_identified',
  'report.redacted',
  'report.interpreter_notified',
  'report.interpreter_replied',
  'report.temporarily_excluded',
  'report.referred',
  'report.committee_declared',
  'report.committee_read',
  'report.advice_given',
  'report.decided',
  'report.review_opened',
  'report.closed',
  'report.reopened',
  'report.attachment_read',
  'report.deleted',
  'report.receipt_expired',
  'report.resealed',
  'register.restriction_ended',
  'staff.committee_seat_changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
