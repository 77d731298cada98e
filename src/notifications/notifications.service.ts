import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { NOTIFICATION_QUEUE } from '../../migrations/1764086400000-jobs-and-notifications.js';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthConfig, MailConfig } from '../config/configuration.js';
import { type Job, JobRunner } from '../jobs/job-runner.js';
import { requireTransaction } from '../jobs/pg-boss-db.js';
import { deliveryFailure, MailTransport } from './mail-transport.js';
import {
  type NotificationLanguage,
  type NotificationTemplate,
  renderNotification,
} from './notification-templates.js';
import { NotificationsRepository, type NotificationStatus } from './notifications.repository.js';
import { aadFor } from '../sealing/sealed-box.js';
import { SealingService } from '../sealing/sealing.module.js';

/** A mail to send about an event, written in the event's transaction. */
export interface NewNotification {
  /** The user the mail is about, when there is one. */
  recipientUserId?: string;
  to: string;
  template: NotificationTemplate;
  lang: NotificationLanguage;
  /** Only what the template takes (a case number at most). */
  params?: Record<string, string>;
  /**
   * The report a mail is about (issue #11): its address is then stored
   * sealed, the mail goes with the report when it is deleted, and the outbox
   * shows administrators neither address nor text.
   */
  reportId?: string;
}

/** A mail as an administrator sees it on /admin/e-post. */
export interface MailView {
  id: string;
  /** Null for a mail about a report: hidden from the outbox's readers. */
  to: string | null;
  template: string;
  subject: string;
  /** Null for a mail about a report. */
  body: string | null;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** What one delivery job did. */
export type DeliveryResult = 'sent' | 'recorded' | 'failed' | 'skipped';

interface DeliveryJob {
  notificationId: string;
}

/** How long a node holds a mail it is sending: longer than the SMTP time limits together. */
const LEASE_SECONDS = 120;
/** Mails queued again per sweep. */
const SWEEP_BATCH = 500;
/** The most mails the administrators' page lists. */
export const MAIL_LIST_LIMIT = 200;

const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/**
 * E-mail notifications through an outbox. `enqueue` writes the mail (its
 * subject and body rendered now) and its delivery job in the caller's
 * transaction, so a mail goes out if and only if the event commits. A job
 * takes the mail (one node at a time), sends it, and marks it sent; a job
 * for a mail already sent does nothing. A failed attempt leaves the mail
 * pending and the job is retried with backoff; when its retries are used up,
 * the sweep (each node, every MAIL_SWEEP_SECONDS) queues pending mails that
 * have waited that long again, so an SMTP outage of any length loses nothing.
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationsService.name);
  private readonly mail: MailConfig;
  private readonly publicBaseUrl: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly jobs: JobRunner,
    private readonly transport: MailTransport,
    private readonly audit: AuditService,
    private readonly sealing: SealingService,
    config: ConfigService,
  ) {
    this.mail = config.getOrThrow<MailConfig>('mail');
    this.publicBaseUrl = config.getOrThrow<AuthConfig>('auth').publicBaseUrl;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<DeliveryJob>(NOTIFICATION_QUEUE, (job) => this.deliverJob(job));
    this.jobs.repeat('Mail outbox sweep', this.mail.sweepSeconds, () => this.sweep());
  }

  /** After the job runner has stopped (in its module-destroy hook). */
  onApplicationShutdown(): void {
    this.transport.close();
  }

  /**
   * Writes a mail and queues its delivery in the caller's transaction (`em`).
   * Throws, and so rolls the caller back, on an address that is not one or a
   * parameter the template does not take.
   */
  async enqueue(em: EntityManager, notification: NewNotification): Promise<string> {
    // Outside a transaction the row could commit without its job, or the reverse.
    requireTransaction(em, 'NotificationsService.enqueue');
    const to = notification.to.trim();
    if (to.length > 254 || !ADDRESS.test(to)) throw new Error('Not an e-mail address');
    const params = notification.params ?? {};
    const { subject, body } = renderNotification(
      notification.template,
      notification.lang,
      params,
      this.publicBaseUrl,
    );
    const id = randomUUID();
    const reportId = notification.reportId ?? null;
    await this.notifications.insert(em, {
      id,
      recipientUserId: notification.recipientUserId ?? null,
      to: reportId ? null : to,
      toSealed: reportId ? this.sealing.seal(to, aadFor('notifications', id, 'to_sealed')) : null,
      reportId,
      template: notification.template,
      lang: notification.lang,
      params,
      subject,
      body,
    });
    await this.queue(em, id);
    return id;
  }

  /** Delivers one mail if it is still pending and no other node holds it. Idempotent. */
  async deliver(notificationId: string): Promise<DeliveryResult> {
    const mail = await this.notifications.claim(notificationId, LEASE_SECONDS);
    if (!mail) return 'skipped';
    let outcome: 'sent' | 'recorded';
    try {
      outcome = await this.transport.deliver({
        to: this.addressOf(mail),
        subject: mail.subject,
        text: mail.body,
      });
    } catch (error) {
      const failure = deliveryFailure(error);
      await this.notifications.release(notificationId, failure.code, failure.permanent);
      if (failure.permanent) {
        this.logger.warn(`Mail ${notificationId} refused by the mail server (${failure.code})`);
        return 'failed';
      }
      // The job fails and is retried; only the code goes with it (JobRunner keeps the message alone).
      throw new Error(`Mail delivery failed (${failure.code})`, { cause: error });
    }
    await this.notifications.markDelivered(notificationId, outcome);
    return outcome;
  }

  /** Queues again the pending mails whose jobs have given up; how many. Safe on several nodes at once. */
  async sweep(): Promise<number> {
    const ids = await this.dataSource.transaction(async (em) => {
      const stale = await this.notifications.claimStale(em, this.mail.sweepSeconds, SWEEP_BATCH);
      for (const id of stale) await this.queue(em, id);
      return stale;
    });
    if (ids.length > 0) this.logger.log(`Queued ${ids.length} pending mails again`);
    return ids.length;
  }

  /** The latest mails, for administrators. Addresses are personal data: reading them is audited. */
  async latest(actor: Actor): Promise<MailView[]> {
    return this.dataSource.transaction(async (em) => {
      const rows = await this.notifications.latest(em, MAIL_LIST_LIMIT);
      await this.audit.record(em, actor, {
        action: 'notifications.listed',
        subjectType: 'notification',
        details: { count: rows.length },
      });
      return rows.map((row) => ({
        id: row.id,
        // A mail about a report is for the case's handler to know of, not the outbox's readers.
        to: row.report_id ? null : row.to_address,
        template: row.template,
        subject: row.subject,
        body: row.report_id ? null : row.body,
        status: row.status,
        attempts: row.attempts,
        lastError: row.last_error,
        createdAt: row.created_at,
        sentAt: row.sent_at,
      }));
    });
  }

  /** The address, opened when it was sealed. */
  private addressOf(row: {
    id: string;
    to_address: string | null;
    to_sealed: Buffer | null;
  }): string {
    return row.to_sealed
      ? this.sealing.openText(row.to_sealed, aadFor('notifications', row.id, 'to_sealed'))
      : row.to_address!;
  }

  private async deliverJob(job: Job<DeliveryJob>): Promise<void> {
    await this.deliver(job.data.notificationId);
  }

  private async queue(em: EntityManager, notificationId: string): Promise<void> {
    await this.jobs.send(em, NOTIFICATION_QUEUE, { notificationId } satisfies DeliveryJob, {
      retryDelaySeconds: this.mail.retrySeconds,
      retryBackoff: true,
    });
  }

  /** The mails the register wrote about this user (their access request): what, to where, when, whether sent. */
  async sentTo(userId: string) {
    return (await this.notifications.ofRecipient(userId)).map((r) => ({
      template: r.template,
      // Their own address, also when it was sealed (a mail about a report concerning them).
      to: this.addressOf(r),
      subject: r.subject,
      body: r.body,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      sentAt: r.sent_at?.toISOString() ?? null,
    }));
  }
}
