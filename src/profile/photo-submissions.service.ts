import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersService } from '../auth/users.service.js';
import { InvalidInputError } from '../common/problem.js';
import {
  InterpretersService,
  type InterpreterPhoto,
} from '../interpreters/interpreters.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { type OpenedDocument, UploadsService } from '../uploads/uploads.service.js';
import {
  type PhotoSubmissionRow,
  PhotoSubmissionsRepository,
  type PhotoSubmissionStatus,
} from './photo-submissions.repository.js';
import { ProfileService } from './profile.service.js';
import {
  NotInRegisterError,
  OwnPhotoError,
  PhotoAlreadyDecidedError,
  PhotoSubmissionNotFoundError,
} from './profile.errors.js';
import { REFUSAL_REASON_MAX } from './profile-rules.js';

/** A photo submission as its interpreter and the case handlers see it. */
export interface PhotoSubmission {
  id: string;
  status: PhotoSubmissionStatus;
  submittedAt: string;
  decidedAt: string | null;
  /** Why a case handler refused it (the interpreter reads it). */
  reason: string | null;
}

/** A pending submission in the case handlers' list. */
export interface PendingPhoto extends PhotoSubmission {
  interpreterNumber: number;
  name: string;
  /** Whether the person has a card photo now (the one the new photo would replace). */
  hasCurrentPhoto: boolean;
  /** The viewer's own photo: they may not decide on it. */
  own: boolean;
}

const QUEUE_LIMIT = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toSubmission(r: PhotoSubmissionRow): PhotoSubmission {
  return {
    id: r.id,
    status: r.status,
    submittedAt: new Date(r.submitted_at).toISOString(),
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    reason: r.reason,
  };
}

/**
 * A new card photo, submitted by the interpreter and decided by a case
 * handler: the card shows it only after approval. A newer submission
 * withdraws a pending older one (at most one pending per person).
 */
@Injectable()
export class PhotoSubmissionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly submissions: PhotoSubmissionsRepository,
    private readonly profiles: ProfileService,
    private readonly interpreters: InterpretersService,
    private readonly users: UsersService,
    private readonly uploads: UploadsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  // ---- the interpreter ------------------------------------------------------

  /**
   * Takes a new photo for the card: checked and cropped to the card by the
   * upload intake before anything is written; the document, the withdrawal of
   * an older pending photo, the submission and its audit event are one
   * transaction.
   */
  async submit(
    actor: Actor,
    file: { bytes: Buffer; clientName: string },
    lang: 'nb' | 'en',
  ): Promise<PhotoSubmission> {
    const interpreterId = await this.profiles.interpreterIdOf(actor.userId!);
    if (!interpreterId) throw new NotInRegisterError();
    const accepted = await this.uploads.inspect(file.bytes, 'photo', file.clientName);
    return this.dataSource.transaction(async (em) => {
      // One submission at a time per person: the row lock queues a second one.
      if (!(await this.interpreters.profileById(em, interpreterId, true))) {
        throw new NotInRegisterError();
      }
      const stored = await this.uploads.store(em, actor, actor.userId!, accepted);
      const withdrawn = await this.submissions.withdrawPending(em, interpreterId);
      const row = await this.submissions.insert(em, {
        interpreterId,
        documentId: stored.id,
        submittedBy: actor.userId!,
        lang,
      });
      await this.audit.record(em, actor, {
        action: 'photo.submitted',
        subjectType: 'photo_submission',
        subjectId: row.id,
        details: { interpreterId, documentId: stored.id, withdrawn },
      });
      return toSubmission(row);
    });
  }

  /** The interpreter's submissions, newest first (the pending one, if any, is among them). */
  async mine(userId: string): Promise<PhotoSubmission[]> {
    const interpreterId = await this.profiles.interpreterIdOf(userId);
    if (!interpreterId) throw new NotInRegisterError();
    return (await this.submissions.ofInterpreter(interpreterId)).map(toSubmission);
  }

  /** What the interpreter's photo page shows: whether the card has a photo, and the submissions. */
  async overview(
    userId: string,
  ): Promise<{ hasCardPhoto: boolean; submissions: PhotoSubmission[] }> {
    const interpreterId = await this.profiles.interpreterIdOf(userId);
    if (!interpreterId) throw new NotInRegisterError();
    return {
      hasCardPhoto: (await this.interpreters.photoUpdatedAt(interpreterId)) !== undefined,
      submissions: (await this.submissions.ofInterpreter(interpreterId)).map(toSubmission),
    };
  }

  /** The interpreter's own pending photo, to show them what waits. */
  async ownPendingPhoto(userId: string): Promise<OpenedDocument> {
    const interpreterId = await this.profiles.interpreterIdOf(userId);
    if (!interpreterId) throw new NotInRegisterError();
    const pending = (await this.submissions.ofInterpreter(interpreterId)).find(
      (s) => s.status === 'pending',
    );
    const opened = pending && (await this.uploads.open(pending.document_id));
    if (!opened) throw new PhotoSubmissionNotFoundError();
    return opened;
  }

  /** The interpreter's current card photo. */
  async ownCardPhoto(userId: string): Promise<InterpreterPhoto> {
    const interpreterId = await this.profiles.interpreterIdOf(userId);
    if (!interpreterId) throw new NotInRegisterError();
    const photo = await this.interpreters.photo(interpreterId);
    if (!photo) throw new PhotoSubmissionNotFoundError();
    return photo;
  }

  /** Every submission of a person, for their access request (the privacy feature). */
  async historyOf(interpreterId: string): Promise<Array<PhotoSubmission & { documentId: string }>> {
    return (await this.submissions.ofInterpreter(interpreterId)).map((r) => ({
      ...toSubmission(r),
      documentId: r.document_id,
    }));
  }

  // ---- the case handler -----------------------------------------------------

  /** Pending photos, oldest first, with whose they are. */
  async pending(actor: Actor): Promise<{ total: number; items: PendingPhoto[] }> {
    const rows = await this.submissions.pending(QUEUE_LIMIT);
    const total = await this.submissions.countPending();
    const ownId = await this.ownInterpreterId(this.dataSource.manager, actor.userId!);
    const items: PendingPhoto[] = [];
    for (const r of rows) {
      const who = await this.interpreters.identity(r.interpreter_id);
      items.push({
        ...toSubmission(r),
        interpreterNumber: who?.interpreterNumber ?? 0,
        name: who?.name ?? '',
        hasCurrentPhoto: (await this.interpreters.photoUpdatedAt(r.interpreter_id)) !== undefined,
        own: ownId === r.interpreter_id,
      });
    }
    return { total, items };
  }

  /**
   * The new photo of a pending submission, or the person's current card
   * photo, for a case handler; each read is audited (`photo.read`), since the
   * person may ask who saw their data.
   */
  async photoForReview(
    actor: Actor,
    id: string,
    which: 'new' | 'current',
  ): Promise<{ mediaType: string; bytes: Buffer; name: string }> {
    const row = UUID.test(id)
      ? await this.submissions.byId(this.dataSource.manager, id)
      : undefined;
    if (!row || row.status !== 'pending') throw new PhotoSubmissionNotFoundError();
    let photo: { mediaType: string; bytes: Buffer; name: string } | undefined;
    if (which === 'new') {
      const opened = await this.uploads.open(row.document_id);
      photo = opened && { mediaType: opened.meta.mediaType, bytes: opened.bytes, name: 'ny.jpg' };
    } else {
      const current = await this.interpreters.photo(row.interpreter_id);
      photo = current && { mediaType: current.mediaType, bytes: current.data, name: 'kort.jpg' };
    }
    if (!photo) throw new PhotoSubmissionNotFoundError();
    await this.dataSource.transaction(async (em) => {
      await this.audit.record(em, actor, {
        action: 'photo.read',
        subjectType: 'photo_submission',
        subjectId: id,
        details: { which, interpreterId: row.interpreter_id },
      });
    });
    return photo;
  }

  /**
   * Approves a pending photo in one transaction: the submission row locked
   * and checked (decided meanwhile: 409), the photo onto the card, the
   * submission approved, the audit event and the mail. The bytes are read
   * before the transaction (the embedded database has one connection).
   */
  async approve(actor: Actor, id: string): Promise<void> {
    const before = UUID.test(id)
      ? await this.submissions.byId(this.dataSource.manager, id)
      : undefined;
    if (!before) throw new PhotoSubmissionNotFoundError();
    const photo = await this.uploads.open(before.document_id);
    if (!photo || (photo.meta.mediaType !== 'image/jpeg' && photo.meta.mediaType !== 'image/png')) {
      throw new PhotoSubmissionNotFoundError();
    }
    const mediaType = photo.meta.mediaType;
    await this.dataSource.transaction(async (em) => {
      const row = await this.lockPending(em, actor, id);
      await this.interpreters.setPhoto(em, row.interpreter_id, mediaType, photo.bytes);
      await this.submissions.decide(em, id, {
        status: 'approved',
        decidedBy: actor.userId!,
        reason: null,
      });
      await this.audit.record(em, actor, {
        action: 'photo.approved',
        subjectType: 'photo_submission',
        subjectId: id,
        details: { interpreterId: row.interpreter_id, documentId: row.document_id },
      });
      await this.notify(em, row, 'photo_approved');
    });
  }

  /** Refuses a pending photo with a reason the interpreter reads; the card keeps its photo. */
  async refuse(actor: Actor, id: string, reason: string): Promise<void> {
    const text = reason.trim();
    if (text.length === 0 || text.length > REFUSAL_REASON_MAX) {
      throw new InvalidInputError([
        {
          field: 'reason',
          message: text.length === 0 ? 'give a reason' : `at most ${REFUSAL_REASON_MAX} characters`,
        },
      ]);
    }
    if (!UUID.test(id)) throw new PhotoSubmissionNotFoundError();
    await this.dataSource.transaction(async (em) => {
      const row = await this.lockPending(em, actor, id);
      await this.submissions.decide(em, id, {
        status: 'refused',
        decidedBy: actor.userId!,
        reason: text,
      });
      await this.audit.record(em, actor, {
        action: 'photo.refused',
        subjectType: 'photo_submission',
        subjectId: id,
        details: { interpreterId: row.interpreter_id },
      });
      await this.notify(em, row, 'photo_refused');
    });
  }

  private async lockPending(em: EntityManager, actor: Actor, id: string) {
    const row = await this.submissions.byId(em, id, true);
    if (!row) throw new PhotoSubmissionNotFoundError();
    if ((await this.ownInterpreterId(em, actor.userId!)) === row.interpreter_id) {
      throw new OwnPhotoError();
    }
    if (row.status !== 'pending') throw new PhotoAlreadyDecidedError(row.status);
    return row;
  }

  /** The register row of a staff member themselves (by their own identity number), if any. */
  private async ownInterpreterId(em: EntityManager, staffUserId: string) {
    const own = await this.users.ownNationalIdOf(em, staffUserId);
    return own ? this.interpreters.idByNationalId(em, own) : undefined;
  }

  private async notify(
    em: EntityManager,
    row: PhotoSubmissionRow,
    template: 'photo_approved' | 'photo_refused',
  ): Promise<void> {
    const profile = await this.interpreters.profileById(em, row.interpreter_id);
    if (!profile?.email) return;
    await this.notifications.enqueue(em, {
      recipientUserId: row.submitted_by ?? undefined,
      to: profile.email,
      template,
      lang: row.lang,
    });
  }
}
