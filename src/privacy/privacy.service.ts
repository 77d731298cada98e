import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { SessionsService } from '../auth/sessions.service.js';
import { UsersService } from '../auth/users.service.js';
import { ApplicationsService } from '../applications/applications.service.js';
import { HolderCardService } from '../cards/holder-card.service.js';
import { InterpretersService } from '../interpreters/interpreters.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { PhotoSubmissionsService } from '../profile/photo-submissions.service.js';
import { ProfileService } from '../profile/profile.service.js';
import { RegisterService } from '../register/register.service.js';
import { InterpreterCasesService } from '../reports/interpreter-cases.service.js';
import { UploadsService } from '../uploads/uploads.service.js';

/** The format of the export; a change of its shape changes the version (docs/privacy.md). */
export const EXPORT_FORMAT = 'tolkeregister-innsyn/1';

/**
 * The answer to an access request (GDPR art. 15): everything the register
 * holds about the signed-in person, gathered through each feature's service,
 * always and only the caller's own. Documented in docs/privacy.md.
 */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly profiles: ProfileService,
    private readonly interpreters: InterpretersService,
    private readonly register: RegisterService,
    private readonly cards: HolderCardService,
    private readonly photos: PhotoSubmissionsService,
    private readonly applications: ApplicationsService,
    private readonly uploads: UploadsService,
    private readonly notifications: NotificationsService,
    private readonly reportCases: InterpreterCasesService,
    private readonly audit: AuditService,
  ) {}

  /** The export of the actor's own data; the export itself is audited (`privacy.exported`). */
  async exportFor(actor: Actor, now = new Date()): Promise<Record<string, unknown>> {
    const userId = actor.userId!;
    const account = await this.users.accountOf(userId);
    if (!account) throw new Error('The signed-in user has no row');

    const interpreterId = await this.profiles.interpreterIdOf(userId);
    const interpreter = interpreterId ? await this.interpreterPart(interpreterId, now) : null;
    const applications = await this.applications.exportFor(userId);
    const documents = await this.uploads.ownedBy(userId);
    // Reports about them as they see them on Min side: never the reporter or the original account.
    const reports = interpreterId ? await this.reportCases.exportFor(userId) : undefined;

    const subjects: Array<{ type: string; id: string }> = [{ type: 'user', id: userId }];
    if (interpreterId) subjects.push({ type: 'interpreter', id: interpreterId });
    for (const a of applications) subjects.push({ type: 'application', id: a.application.id });
    for (const d of documents) subjects.push({ type: 'document', id: d.id });
    for (const s of interpreter?.photoSubmissions ?? []) {
      subjects.push({ type: 'photo_submission', id: s.id });
    }
    for (const c of interpreter?.cards ?? []) subjects.push({ type: 'card', id: c.cardNumber });

    const events = await this.audit.eventsAbout(userId, subjects);
    const who = await this.users.whoAre([
      ...new Set(events.flatMap((e) => (e.actorId && e.actorId !== userId ? [e.actorId] : []))),
    ]);

    const result = {
      format: EXPORT_FORMAT,
      generatedAt: now.toISOString(),
      controller: 'Nasjonalt tolkeregister (IMDi)',
      user: {
        id: account.id,
        name: account.displayName,
        kind: account.kind,
        nationalIdentityNumber: account.nationalId,
        roles: account.roles,
        createdAt: account.createdAt.toISOString(),
        lastSignInAt: account.lastLoginAt?.toISOString() ?? null,
      },
      interpreter,
      applications,
      reportCases: reports?.cases ?? [],
      sanctions: reports?.sanctions ?? [],
      restrictions: reports?.restrictions ?? [],
      documents: documents.map((d) => ({
        id: d.id,
        purpose: d.purpose,
        name: d.displayName,
        mediaType: d.mediaType,
        byteSize: d.byteSize,
        sha256: d.sha256,
        width: d.width,
        height: d.height,
        uploadedAt: d.createdAt.toISOString(),
      })),
      notifications: await this.notifications.sentTo(userId),
      sessions: await this.sessions.historyOf(userId),
      auditEvents: events.map((e) => {
        const self = e.actorId === userId;
        const other = e.actorId && !self ? who.get(e.actorId) : undefined;
        return {
          seq: e.seq,
          at: e.occurredAt,
          action: e.action,
          subject: e.subjectType ? { type: e.subjectType, id: e.subjectId } : null,
          actor: {
            type: e.actorType,
            you: self,
            // Staff who read or changed your data are named, with their roles now.
            name: self ? account.displayName : (other?.name ?? null),
            roles: self ? account.roles : (other?.roles ?? []),
          },
          // Your own address is your data; a staff member's is theirs.
          clientIp: self ? e.clientIp : null,
          details: e.details,
        };
      }),
    };

    // Recorded before the export is handed out: no export leaves without its record.
    await this.dataSource.transaction((em) =>
      this.audit.record(em, actor, {
        action: 'privacy.exported',
        subjectType: 'user',
        subjectId: userId,
        details: {
          applications: applications.length,
          reportCases: reports?.cases.length ?? 0,
          documents: documents.length,
          auditEvents: events.length,
        },
      }),
    );
    return result;
  }

  private async interpreterPart(interpreterId: string, now: Date) {
    const record = await this.interpreters.recordOf(interpreterId);
    const photo = await this.interpreters.photo(interpreterId);
    const photoUpdatedAt = await this.interpreters.photoUpdatedAt(interpreterId);
    const { entries, evidence } = await this.register.recordOf(interpreterId);
    return {
      record,
      cardPhoto: photo
        ? {
            mediaType: photo.mediaType,
            byteSize: photo.data.length,
            updatedAt: photoUpdatedAt?.toISOString() ?? null,
            // The card photo (640 × 800, at most 2 MiB by the table's constraint) in full.
            base64: photo.data.toString('base64'),
          }
        : null,
      entries,
      evidence,
      cards: await this.cards.cardsHeldBy(interpreterId, now),
      photoSubmissions: await this.photos.historyOf(interpreterId),
    };
  }
}
