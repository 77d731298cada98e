import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersService } from '../auth/users.service.js';
import { InvalidInputError, type ProblemFieldError } from '../common/problem.js';
import { COUNTY_CODES } from '../geography/counties.js';
import { InterpretersService } from '../interpreters/interpreters.service.js';
import { LanguagesService } from '../languages/languages.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import {
  PopulationRegister,
  PopulationRegisterUnavailableError,
} from '../population/population-register.js';
import type { Category } from '../register/category.js';
import { RegisterService } from '../register/register.service.js';
import type { OpenedDocument } from '../uploads/uploads.service.js';
import { UploadsService } from '../uploads/uploads.service.js';
import {
  appealDeadline,
  type ApplicationStatus,
  checkDecision,
  checkSubmittable,
  type LanguageDecision,
  mayTake,
  noBetterThan,
  OPEN_CASE_STATUSES,
  supportedCategory,
  type CaseStep,
} from './application-rules.js';
import {
  AppealPeriodOverError,
  ApplicationNotFoundError,
  CaseAssignedToOtherError,
  CaseStateError,
  EntryUnderSanctionError,
  InvalidDecisionError,
  NotSubmittableError,
  OpenApplicationExistsError,
  OwnApplicationError,
  PersonLookupPendingError,
} from './applications.errors.js';
import {
  type ApplicationEventRow,
  type ApplicationEvidenceRow,
  type ApplicationLanguageRow,
  type ApplicationRow,
  ApplicationsRepository,
  type DecisionRow,
  type NewEvidence,
} from './applications.repository.js';
import type { DecisionLetterData } from './decision-letter-data.js';

/** An application as its applicant and the staff on the case see it. */
export interface ApplicationView {
  id: string;
  caseNumber: string | null;
  status: ApplicationStatus;
  person: {
    lookup: 'pending' | 'done' | 'not_found';
    identifierType: 'fnr' | 'dnr' | null;
    givenName: string | null;
    middleName: string | null;
    familyName: string | null;
    addressProtected: boolean;
    countyCode: string | null;
    municipality: string | null;
  };
  email: string | null;
  phone: string | null;
  lang: 'nb' | 'en';
  assignedTo: { id: string; name: string } | null;
  /** The card photo the applicant uploaded (640 × 800, no metadata). */
  photo: DocumentLink | null;
  submittedAt: string | null;
  decidedAt: string | null;
  appealDeadline: string | null;
  languages: Array<{
    languageCode: string;
    outcome: 'approved' | 'rejected' | null;
    category: Category | null;
    supportedCategory: Category | null;
    reasons: string | null;
  }>;
  evidence: Array<{
    id: string;
    languageCode: string | null;
    kind: string;
    obtainedOn: string;
    issuer: string | null;
    issuingCountry: string | null;
    document: DocumentLink | null;
    accepted: boolean | null;
  }>;
  events: Array<{
    at: string;
    kind: string;
    by: string | null;
    body: string | null;
    internal: boolean;
  }>;
  decisions: Array<{ round: number; kind: string; decidedAt: string }>;
}

/** An uploaded document as a case shows it: to download from the case, never by its storage. */
export interface DocumentLink {
  id: string;
  name: string;
  mediaType: string;
  byteSize: number;
}

export interface DraftInput {
  email: string | null;
  phone: string | null;
  lang: 'nb' | 'en';
  countyCode: string | null;
  languages: string[];
  evidence: NewEvidence[];
}

export interface DecisionInput {
  evidence: Array<{ id: string; accepted: boolean }>;
  languages: LanguageDecision[];
}

export interface QueueQuery {
  status: string;
  language?: string;
  mine?: boolean;
  olderThanDays?: number;
  page?: number;
}

const PAGE_SIZE = 50;

/**
 * Applications for entry in the register: the applicant's draft and its
 * submission, the case handler's work on it, the decision language by
 * language, and appeals. Every change is one transaction with its history
 * row, its audit event and its notification.
 */
@Injectable()
export class ApplicationsService {
  private readonly logger = new Logger(ApplicationsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsRepository,
    private readonly users: UsersService,
    private readonly interpreters: InterpretersService,
    private readonly register: RegisterService,
    private readonly languages: LanguagesService,
    private readonly population: PopulationRegister,
    private readonly notifications: NotificationsService,
    private readonly uploads: UploadsService,
    private readonly audit: AuditService,
  ) {}

  // ---- the applicant ------------------------------------------------------

  async mine(userId: string): Promise<ApplicationRow[]> {
    return this.applications.ofApplicant(userId);
  }

  /** Starts a draft (or says which one is open) and fills the person from the population register. */
  async start(actor: Actor, lang: 'nb' | 'en'): Promise<string> {
    const userId = actor.userId!;
    const id = await this.dataSource.transaction(async (em) => {
      await this.users.lock(em, userId);
      const open = await this.applications.openOf(em, userId);
      if (open) throw new OpenApplicationExistsError(open.id);
      const created = await this.applications.create(em, userId, lang);
      await this.applications.addEvent(em, created, {
        actorUserId: userId,
        kind: 'created',
        visible: true,
      });
      await this.audit.record(em, actor, {
        action: 'application.created',
        subjectType: 'application',
        subjectId: created,
      });
      return created;
    });
    await this.refreshPerson(id, userId);
    return id;
  }

  /**
   * Asks the population register for the applicant's name and address. A
   * failing register leaves the lookup pending: the draft is kept and the
   * lookup is tried again when the applicant comes back or submits.
   */
  async refreshPerson(applicationId: string, applicantUserId: string): Promise<boolean> {
    const nationalId = await this.users.nationalIdOf(applicantUserId);
    if (!nationalId) return false;
    let found: Awaited<ReturnType<PopulationRegister['lookup']>>;
    try {
      found = await this.population.lookup(nationalId);
    } catch (error) {
      if (!(error instanceof PopulationRegisterUnavailableError)) throw error;
      this.logger.warn(`population register unavailable for application ${applicationId}`);
      await this.dataSource.transaction((em) =>
        this.applications.markLookupTried(em, applicationId),
      );
      return false;
    }
    await this.dataSource.transaction(async (em) => {
      const app = await this.applications.byId(em, applicationId, true);
      if (!app || app.status !== 'draft') return;
      if (found.outcome === 'not_found') {
        await this.applications.setPerson(em, applicationId, {
          populationLookup: 'not_found',
          identifierType: null,
          givenName: null,
          middleName: null,
          familyName: null,
          addressProtected: false,
          countyCode: null,
          municipality: null,
        });
        return;
      }
      const p = found.person;
      await this.applications.setPerson(em, applicationId, {
        populationLookup: 'done',
        identifierType: p.identifierType,
        givenName: p.givenName,
        middleName: p.middleName,
        familyName: p.familyName,
        addressProtected: p.addressProtected,
        // A protected address leaves nothing of it behind, not even the county.
        countyCode: p.addressProtected ? null : p.countyCode,
        municipality: p.addressProtected ? null : p.municipalityName,
      });
    });
    return true;
  }

  /** The applicant's own application; anyone else's is reported as not existing. */
  async ownView(userId: string, id: string): Promise<ApplicationView> {
    const app = await this.applications.byId(this.dataSource.manager, id);
    if (!app || app.applicant_user_id !== userId) throw new ApplicationNotFoundError();
    if (app.status === 'draft' && app.population_lookup === 'pending') {
      if (await this.refreshPerson(id, userId)) return this.ownView(userId, id);
    }
    return this.view(this.dataSource.manager, app, true);
  }

  async saveDraft(actor: Actor, id: string, input: DraftInput): Promise<void> {
    const problems = await this.checkDraftInput(input);
    for (const [i, e] of input.evidence.entries()) {
      if (!e.documentId) continue;
      const owned = await this.uploads.findOwned(e.documentId, actor.userId!);
      if (!owned || owned.purpose !== 'evidence') {
        problems.push({ field: `evidence.${i}.documentId`, message: 'unknown document' });
      }
    }
    if (problems.length > 0) throw new InvalidInputError(problems);
    await this.dataSource.transaction(async (em) => {
      const app = await this.ownLocked(em, actor, id);
      if (app.status !== 'draft') throw new CaseStateError(app.status, 'changed');
      const countyCode =
        app.population_lookup === 'done' && !app.address_protected && app.county_code
          ? app.county_code
          : input.countyCode;
      await this.applications.updateDraft(em, id, {
        email: input.email,
        phone: input.phone,
        lang: input.lang,
        countyCode,
      });
      await this.applications.replaceLanguages(em, id, input.languages);
      await this.applications.replaceEvidence(em, id, input.evidence);
    });
  }

  async submit(actor: Actor, id: string): Promise<string> {
    const userId = actor.userId!;
    const before = await this.applications.byId(this.dataSource.manager, id);
    if (!before || before.applicant_user_id !== userId) throw new ApplicationNotFoundError();
    if (before.status === 'draft' && before.population_lookup === 'pending') {
      if (!(await this.refreshPerson(id, userId))) throw new PersonLookupPendingError();
    }
    return this.dataSource.transaction(async (em) => {
      const app = await this.ownLocked(em, actor, id);
      this.assertStep(app, 'submit', 'submitted');
      const languages = await this.applications.languages(em, id);
      const evidence = await this.applications.evidence(em, id);
      const problems = checkSubmittable({
        languages: languages.map((l) => l.language_code),
        evidence: evidence.map((e) => ({ languageCode: e.language_code, kind: e.kind })),
        countyCode: app.county_code,
        email: app.email,
      });
      // A first entry gets a card, and a card needs a photo.
      if (!app.photo_document_id && !(await this.isInRegister(em, app))) {
        problems.push({ field: 'photo', message: 'add a photo for the interpreter card' });
      }
      if (app.population_lookup === 'pending') throw new PersonLookupPendingError();
      if (problems.length > 0) throw new NotSubmittableError(problems);
      const caseNumber = await this.applications.submit(em, id);
      await this.applications.addEvent(em, id, {
        actorUserId: userId,
        kind: 'submitted',
        visible: true,
      });
      await this.audit.record(em, actor, {
        action: 'application.submitted',
        subjectType: 'application',
        subjectId: id,
        details: { caseNumber, languages: languages.map((l) => l.language_code) },
      });
      await this.notify(em, app, 'application_received', caseNumber);
      return caseNumber;
    });
  }

  async answer(actor: Actor, id: string, message: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const app = await this.ownLocked(em, actor, id);
      this.assertStep(app, 'answer', 'answered');
      await this.applications.setStatus(em, id, 'in_review');
      await this.applications.addEvent(em, id, {
        actorUserId: actor.userId,
        kind: 'applicant_answered',
        visible: true,
        body: message,
      });
      await this.audit.record(em, actor, {
        action: 'application.answered',
        subjectType: 'application',
        subjectId: id,
      });
    });
  }

  async appeal(actor: Actor, id: string, message: string, now = new Date()): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const app = await this.ownLocked(em, actor, id);
      this.assertStep(app, 'appeal', 'appealed');
      if (app.decided_at && appealDeadline(app.decided_at) < now) throw new AppealPeriodOverError();
      await this.applications.setStatus(em, id, 'appealed');
      await this.applications.addEvent(em, id, {
        actorUserId: actor.userId,
        kind: 'appealed',
        visible: true,
        body: message,
      });
      await this.audit.record(em, actor, {
        action: 'application.appealed',
        subjectType: 'application',
        subjectId: id,
      });
    });
  }

  async withdraw(actor: Actor, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const app = await this.ownLocked(em, actor, id);
      this.assertStep(app, 'withdraw', 'withdrawn');
      await this.applications.setStatus(em, id, 'withdrawn');
      await this.applications.addEvent(em, id, {
        actorUserId: actor.userId,
        kind: 'withdrawn',
        visible: true,
      });
      await this.audit.record(em, actor, {
        action: 'application.withdrawn',
        subjectType: 'application',
        subjectId: id,
      });
    });
  }

  /**
   * Takes an uploaded diploma, test result or card photo into the draft: the
   * bytes are checked (type sniffed, images re-encoded without metadata, a
   * photo cropped to the card) before anything is written; the document and
   * (for a photo) its place on the application are one transaction.
   */
  async uploadDocument(
    actor: Actor,
    id: string,
    purpose: 'evidence' | 'photo',
    file: { bytes: Buffer; clientName: string },
  ): Promise<DocumentLink> {
    const before = await this.applications.byId(this.dataSource.manager, id);
    if (!before || before.applicant_user_id !== actor.userId) throw new ApplicationNotFoundError();
    if (before.status !== 'draft') throw new CaseStateError(before.status, 'changed');
    const accepted = await this.uploads.inspect(file.bytes, purpose, file.clientName);
    return this.dataSource.transaction(async (em) => {
      const app = await this.ownLocked(em, actor, id);
      if (app.status !== 'draft') throw new CaseStateError(app.status, 'changed');
      const stored = await this.uploads.store(em, actor, actor.userId!, accepted);
      if (purpose === 'photo') await this.applications.setPhoto(em, id, stored.id);
      return {
        id: stored.id,
        name: stored.displayName,
        mediaType: stored.mediaType,
        byteSize: stored.byteSize,
      };
    });
  }

  /**
   * A document of an application, for its applicant or a case handler (not
   * their own case); the same 404 for a document that is not part of the
   * application as for one that does not exist. A handler's read is audited.
   */
  async openDocument(
    actor: Actor,
    id: string,
    documentId: string,
    staff: boolean,
  ): Promise<OpenedDocument> {
    await this.dataSource.transaction(async (em) => {
      const app = await this.applications.byId(em, id);
      if (!app || (!staff && app.applicant_user_id !== actor.userId))
        throw new ApplicationNotFoundError();
      if (staff && app.status === 'draft') throw new ApplicationNotFoundError();
      const evidence = await this.applications.evidence(em, id);
      const belongs =
        app.photo_document_id === documentId || evidence.some((e) => e.document_id === documentId);
      if (!belongs) throw new ApplicationNotFoundError();
      if (staff) {
        await this.assertNotOwn(em, app, actor.userId!);
        await this.audit.record(em, actor, {
          action: 'application.document_read',
          subjectType: 'application',
          subjectId: id,
          details: { documentId },
        });
      }
    });
    const opened = await this.uploads.open(documentId);
    if (!opened) throw new ApplicationNotFoundError();
    return opened;
  }

  /** The data of a decision letter: for the applicant, or for the staff on the case. */
  async letterData(
    viewer: { userId: string; staff: boolean },
    id: string,
    round?: number,
  ): Promise<{ letter: DecisionLetterData; caseNumber: string; round: number }> {
    const em = this.dataSource.manager;
    const app = await this.applications.byId(em, id);
    if (!app || (!viewer.staff && app.applicant_user_id !== viewer.userId)) {
      throw new ApplicationNotFoundError();
    }
    if (viewer.staff) await this.assertNotOwn(em, app, viewer.userId);
    const decisions = await this.applications.decisions(em, id);
    const decision =
      round === undefined ? decisions.at(-1) : decisions.find((d) => d.round === round);
    if (!decision) throw new ApplicationNotFoundError();
    return {
      letter: decision.letter as DecisionLetterData,
      caseNumber: app.case_number!,
      round: decision.round,
    };
  }

  // ---- the case handler ---------------------------------------------------

  async queue(userId: string, q: QueueQuery) {
    const statuses: readonly ApplicationStatus[] =
      q.status === 'open' ? OPEN_CASE_STATUSES : [q.status as ApplicationStatus];
    const page = q.page ?? 1;
    const { rows, total } = await this.applications.queue({
      statuses,
      language: q.language,
      assignedTo: q.mine ? userId : undefined,
      submittedBefore:
        q.olderThanDays !== undefined
          ? new Date(Date.now() - q.olderThanDays * 86_400_000)
          : undefined,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return {
      total,
      page,
      pageSize: PAGE_SIZE,
      items: rows.map((r) => ({
        id: r.id,
        caseNumber: r.case_number,
        status: r.status,
        name: [r.given_name, r.family_name].filter(Boolean).join(' ') || null,
        languages: r.languages,
        submittedAt: r.submitted_at.toISOString(),
        assignedTo: r.assigned_to ? { id: r.assigned_to, name: r.assigned_name ?? '' } : null,
      })),
    };
  }

  /** A case as the staff see it; the read is recorded, since the applicant may ask who read their data. */
  async caseView(actor: Actor, id: string): Promise<ApplicationView> {
    return this.dataSource.transaction(async (em) => {
      const app = await this.applications.byId(em, id);
      if (!app || app.status === 'draft') throw new ApplicationNotFoundError();
      await this.assertNotOwn(em, app, actor.userId!);
      await this.audit.record(em, actor, {
        action: 'application.read',
        subjectType: 'application',
        subjectId: id,
      });
      return this.view(em, app, false);
    });
  }

  async take(actor: Actor, id: string): Promise<void> {
    await this.staffStep(
      actor,
      id,
      'take',
      'taken',
      async (em, app) => {
        const next = app.status === 'submitted' ? 'in_review' : app.status;
        await this.applications.setStatus(em, id, next, { assignedTo: actor.userId });
        await this.applications.addEvent(em, id, {
          actorUserId: actor.userId,
          kind: 'assigned',
          visible: app.status === 'submitted',
        });
        await this.audit.record(em, actor, {
          action: 'application.assigned',
          subjectType: 'application',
          subjectId: id,
        });
      },
      { anyHandler: true },
    );
  }

  async addNote(actor: Actor, id: string, text: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const app = await this.applications.byId(em, id, true);
      if (!app || app.status === 'draft') throw new ApplicationNotFoundError();
      await this.assertNotOwn(em, app, actor.userId!);
      await this.applications.addEvent(em, id, {
        actorUserId: actor.userId,
        kind: 'note',
        visible: false,
        body: text,
      });
      await this.audit.record(em, actor, {
        action: 'application.note_added',
        subjectType: 'application',
        subjectId: id,
      });
    });
  }

  async requestInformation(actor: Actor, id: string, message: string): Promise<void> {
    await this.staffStep(
      actor,
      id,
      'requestInformation',
      'sent back to the applicant',
      async (em, app) => {
        await this.applications.setStatus(em, id, 'awaiting_applicant');
        await this.applications.addEvent(em, id, {
          actorUserId: actor.userId,
          kind: 'information_requested',
          visible: true,
          body: message,
        });
        await this.audit.record(em, actor, {
          action: 'application.information_requested',
          subjectType: 'application',
          subjectId: id,
        });
        await this.notify(em, app, 'information_requested', app.case_number!);
      },
    );
  }

  /**
   * Decides every language of the case in one transaction: the outcomes, the
   * register entries (and so the card, by the database's card trigger), the
   * decision and its letter, the history, the audit event and the mail. The
   * case row is locked first, so of concurrent decisions one wins and the
   * others find the case decided (409).
   */
  async decide(actor: Actor, id: string, input: DecisionInput): Promise<void> {
    const names = await this.languages.names();
    const handler = await this.users.load(actor.userId!);
    const photo = await this.photoOf(id);
    await this.staffStep(actor, id, 'decide', 'decided', async (em, app) => {
      await this.applyDecision(
        em,
        actor,
        app,
        input,
        'decision',
        names,
        handler?.displayName ?? '',
        photo,
      );
    });
  }

  /** The application's card photo, read before a decision's transaction (the embedded database has one connection). */
  private async photoOf(id: string): Promise<OpenedDocument | undefined> {
    const app = await this.applications.byId(this.dataSource.manager, id);
    return app?.photo_document_id ? this.uploads.open(app.photo_document_id) : undefined;
  }

  private async isInRegister(em: EntityManager, app: ApplicationRow): Promise<boolean> {
    const nationalId = await this.users.nationalIdOf(app.applicant_user_id, em);
    return (
      nationalId !== undefined &&
      (await this.interpreters.idByNationalId(em, nationalId)) !== undefined
    );
  }

  /** On appeal: a new decision that replaces the last one (the applicant was right, wholly or partly). */
  async reverse(actor: Actor, id: string, input: DecisionInput): Promise<void> {
    const names = await this.languages.names();
    const handler = await this.users.load(actor.userId!);
    const photo = await this.photoOf(id);
    await this.staffStep(
      actor,
      id,
      'reverse',
      'reversed',
      async (em, app) => {
        await this.applyDecision(
          em,
          actor,
          app,
          input,
          'appeal_reversal',
          names,
          handler?.displayName ?? '',
          photo,
        );
      },
      { anyHandler: false },
    );
  }

  /** On appeal: the directorate keeps its decision and sends the appeal to the ministry. */
  async forward(actor: Actor, id: string, note: string): Promise<void> {
    await this.staffStep(actor, id, 'forward', 'forwarded', async (em) => {
      await this.applications.setStatus(em, id, 'forwarded');
      await this.applications.addEvent(em, id, {
        actorUserId: actor.userId,
        kind: 'forwarded',
        visible: true,
        body: note,
      });
      await this.audit.record(em, actor, {
        action: 'application.forwarded',
        subjectType: 'application',
        subjectId: id,
      });
    });
  }

  // ---- internals ----------------------------------------------------------

  private async applyDecision(
    em: EntityManager,
    actor: Actor,
    app: ApplicationRow,
    input: DecisionInput,
    kind: 'decision' | 'appeal_reversal',
    names: Awaited<ReturnType<LanguagesService['names']>>,
    handlerName: string,
    photo: OpenedDocument | undefined,
  ): Promise<void> {
    const id = app.id;
    const languages = await this.applications.languages(em, id);
    const evidenceRows = await this.applications.evidence(em, id);
    const assessed = new Map(input.evidence.map((e) => [e.id, e.accepted]));
    const problems: ProblemFieldError[] = [];
    evidenceRows.forEach((e) => {
      if (!assessed.has(e.id))
        problems.push({ field: 'evidence', message: `evidence ${e.id} is not assessed` });
    });
    for (const key of assessed.keys()) {
      if (!evidenceRows.some((e) => e.id === key)) {
        problems.push({ field: 'evidence', message: `evidence ${key} is not part of this case` });
      }
    }
    const evidence = evidenceRows.map((e) => ({
      ...e,
      accepted: assessed.get(e.id) ?? null,
    }));
    problems.push(
      ...checkDecision(
        languages.map((l) => l.language_code),
        evidence.map((e) => ({
          languageCode: e.language_code,
          kind: e.kind,
          accepted: e.accepted,
        })),
        input.languages,
      ),
    );
    if (kind === 'appeal_reversal') {
      // An appeal can only help the one who appealed (no reformatio in peius).
      input.languages.forEach((d, i) => {
        const before = languages.find((l) => l.language_code === d.languageCode);
        if (before?.outcome !== 'approved' || !before.category) return;
        if (d.outcome !== 'approved' || !d.category || !noBetterThan(before.category, d.category)) {
          problems.push({
            field: `languages.${i}.outcome`,
            message: `an appeal cannot worsen the decision (it approved category ${before.category})`,
          });
        }
      });
    }
    if (problems.length > 0) throw new InvalidDecisionError(problems);

    await this.applications.setEvidenceAccepted(em, id, assessed);
    const approved: string[] = [];
    const rejected: string[] = [];
    const outcomes: DecisionLetterData['outcomes'] = [];
    for (const d of input.languages) {
      const supported = supportedCategory(
        evidence.map((e) => ({
          languageCode: e.language_code,
          kind: e.kind,
          accepted: e.accepted,
        })),
        d.languageCode,
      );
      const category = d.outcome === 'approved' ? (d.category ?? null) : null;
      await this.applications.setLanguageOutcome(em, id, {
        languageCode: d.languageCode,
        outcome: d.outcome,
        category,
        supported,
        reasons: d.reasons?.trim() || null,
      });
      (d.outcome === 'approved' ? approved : rejected).push(d.languageCode);
      const n = names(d.languageCode);
      outcomes.push({
        languageName: app.lang === 'en' ? n.nameEn : n.nameNb,
        nativeName: n.nativeName,
        approved: d.outcome === 'approved',
        category,
        categoryLowered: category !== null && supported !== null && category !== supported,
        reasons: d.reasons?.trim() ?? '',
      });
    }

    let interpreterNumber: number | null = null;
    if (approved.length > 0) {
      interpreterNumber = await this.enter(em, app, evidence, approved, input.languages, photo);
    }

    const previous = await this.applications.decisions(em, id);
    const letter: DecisionLetterData = {
      lang: app.lang,
      caseNumber: app.case_number!,
      letterDate: new Date().toISOString().slice(0, 10),
      recipient: {
        name: [app.given_name, app.middle_name, app.family_name].filter(Boolean).join(' '),
        addressLines: [],
      },
      interpreterNumber,
      outcomes,
      handler: { name: handlerName, title: app.lang === 'en' ? 'Case handler' : 'Saksbehandler' },
      kind,
    };
    await this.applications.insertDecision(em, id, {
      round: previous.length + 1,
      kind,
      decidedBy: actor.userId!,
      letter,
    });
    await this.applications.setStatus(em, id, 'decided', { decided: true });
    await this.applications.addEvent(em, id, {
      actorUserId: actor.userId,
      kind: kind === 'decision' ? 'decided' : 'reversed',
      visible: true,
    });
    await this.audit.record(em, actor, {
      action: kind === 'decision' ? 'application.decided' : 'application.reversed',
      subjectType: 'application',
      subjectId: id,
      details: { round: previous.length + 1, approved, rejected },
    });
    await this.notify(em, app, 'decision_made', app.case_number!);
  }

  /** Puts the approved languages into the register: the person (new or known), the evidence, the entries. */
  private async enter(
    em: EntityManager,
    app: ApplicationRow,
    evidence: Array<ApplicationEvidenceRow & { accepted: boolean | null }>,
    approved: string[],
    decisions: LanguageDecision[],
    photo: OpenedDocument | undefined,
  ): Promise<number> {
    const nationalId = await this.users.nationalIdOf(app.applicant_user_id, em);
    if (!nationalId) throw new ApplicationNotFoundError();
    let interpreterId = await this.interpreters.idByNationalId(em, nationalId);
    if (!interpreterId) {
      const created = await this.interpreters.createPerson(em, {
        nationalId,
        givenName: [app.given_name, app.middle_name].filter(Boolean).join(' '),
        familyName: app.family_name ?? '',
        countyCode: app.county_code!,
        municipality: app.municipality ?? '',
        availability: 'occasional',
        modalities: [],
        email: app.email,
        emailPublic: false,
        phone: app.phone,
        phonePublic: false,
      });
      interpreterId = created.id;
    }
    // The photo the applicant sent becomes the card's.
    if (photo && (photo.meta.mediaType === 'image/jpeg' || photo.meta.mediaType === 'image/png')) {
      await this.interpreters.setPhoto(em, interpreterId, photo.meta.mediaType, photo.bytes);
    }
    await this.register.recordEvidence(
      em,
      interpreterId,
      evidence
        .filter(
          (e) => e.accepted && (e.language_code === null || approved.includes(e.language_code)),
        )
        .map((e) => ({
          languageCode: e.language_code,
          kind: e.kind,
          obtainedOn: e.obtained_on,
          issuer: e.issuer,
          issuingCountry: e.issuing_country,
        })),
    );
    const held = new Map(
      ((await this.register.entriesOf(em, [interpreterId])).get(interpreterId) ?? []).map((e) => [
        e.languageCode,
        e,
      ]),
    );
    const today = new Date().toISOString().slice(0, 10);
    for (const d of decisions) {
      if (d.outcome !== 'approved' || !d.category) continue;
      const existing = held.get(d.languageCode);
      // A suspension or exclusion is a sanction's business: an application cannot lift it.
      if (existing && (existing.status === 'suspended' || existing.status === 'excluded')) {
        throw new EntryUnderSanctionError(d.languageCode);
      }
      // An application never lowers a category the person already holds.
      const category =
        existing && noBetterThan(d.category, existing.category) ? existing.category : d.category;
      await this.register.grantEntry(em, interpreterId, {
        languageCode: d.languageCode,
        category,
        registeredOn: today,
      });
    }
    const number = await this.interpreters.numberByNationalId(nationalId, em);
    return number!;
  }

  private async staffStep(
    actor: Actor,
    id: string,
    step: CaseStep,
    verb: string,
    work: (em: EntityManager, app: ApplicationRow) => Promise<void>,
    options: { anyHandler?: boolean } = {},
  ): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const app = await this.applications.byId(em, id, true);
      if (!app || app.status === 'draft') throw new ApplicationNotFoundError();
      await this.assertNotOwn(em, app, actor.userId!);
      this.assertStep(app, step, verb);
      if (!options.anyHandler && app.assigned_to !== actor.userId)
        throw new CaseAssignedToOtherError();
      await work(em, app);
    });
  }

  private assertStep(app: ApplicationRow, step: CaseStep, verb: string): void {
    if (!mayTake(step, app.status)) throw new CaseStateError(app.status, verb);
  }

  /** Nobody handles their own application: a staff member's own identity number against the applicant's. */
  private async assertNotOwn(
    em: EntityManager,
    app: ApplicationRow,
    staffUserId: string,
  ): Promise<void> {
    if (app.applicant_user_id === staffUserId) throw new OwnApplicationError();
    const own = await this.users.ownNationalIdOf(em, staffUserId);
    if (own && own === (await this.users.nationalIdOf(app.applicant_user_id, em))) {
      throw new OwnApplicationError();
    }
  }

  private async ownLocked(em: EntityManager, actor: Actor, id: string): Promise<ApplicationRow> {
    const app = await this.applications.byId(em, id, true);
    if (!app || app.applicant_user_id !== actor.userId) throw new ApplicationNotFoundError();
    return app;
  }

  private async checkDraftInput(input: DraftInput): Promise<ProblemFieldError[]> {
    const problems: ProblemFieldError[] = [];
    const seen = new Set<string>();
    for (const [i, code] of input.languages.entries()) {
      if (seen.has(code))
        problems.push({ field: `languages.${i}`, message: 'the same language twice' });
      seen.add(code);
      if (!(await this.languages.exists(code))) {
        problems.push({ field: `languages.${i}`, message: 'unknown language' });
      }
    }
    const today = new Date().toISOString().slice(0, 10);
    input.evidence.forEach((e, i) => {
      const field = `evidence.${i}`;
      if (e.kind === 'tao_course' && e.languageCode !== null) {
        problems.push({
          field: `${field}.languageCode`,
          message: 'the TAO course holds for every language',
        });
      }
      if (e.kind !== 'tao_course' && (e.languageCode === null || !seen.has(e.languageCode))) {
        problems.push({
          field: `${field}.languageCode`,
          message: 'choose one of the languages applied for',
        });
      }
      if (e.obtainedOn > today)
        problems.push({ field: `${field}.obtainedOn`, message: 'a date in the future' });
      if (e.obtainedOn < '1950-01-01')
        problems.push({ field: `${field}.obtainedOn`, message: 'too early a date' });
    });
    if (input.countyCode !== null && !COUNTY_CODES.includes(input.countyCode)) {
      problems.push({ field: 'countyCode', message: 'unknown county' });
    }
    return problems;
  }

  private async notify(
    em: EntityManager,
    app: ApplicationRow,
    template: 'application_received' | 'information_requested' | 'decision_made',
    caseNumber: string,
  ): Promise<void> {
    if (!app.email) return;
    await this.notifications.enqueue(em, {
      recipientUserId: app.applicant_user_id,
      to: app.email,
      template,
      lang: app.lang,
      params: { caseNumber },
    });
  }

  private async documentLink(em: EntityManager, id: string): Promise<DocumentLink> {
    const d = await this.uploads.find(id, em);
    return {
      id,
      name: d?.displayName ?? '',
      mediaType: d?.mediaType ?? '',
      byteSize: d?.byteSize ?? 0,
    };
  }

  private async view(
    em: EntityManager,
    app: ApplicationRow,
    applicantView: boolean,
  ): Promise<ApplicationView> {
    const [languages, evidence, events, decisions]: [
      ApplicationLanguageRow[],
      ApplicationEvidenceRow[],
      ApplicationEventRow[],
      DecisionRow[],
    ] = [
      await this.applications.languages(em, app.id),
      await this.applications.evidence(em, app.id),
      await this.applications.events(em, app.id, applicantView),
      await this.applications.decisions(em, app.id),
    ];
    const documents = new Map<string, DocumentLink>();
    for (const e of evidence) {
      if (e.document_id) documents.set(e.id, await this.documentLink(em, e.document_id));
    }
    return {
      id: app.id,
      caseNumber: app.case_number,
      status: app.status,
      person: {
        lookup: app.population_lookup,
        identifierType: app.identifier_type,
        givenName: app.given_name,
        middleName: app.middle_name,
        familyName: app.family_name,
        addressProtected: app.address_protected,
        countyCode: app.county_code,
        municipality: app.municipality,
      },
      email: app.email,
      phone: app.phone,
      lang: app.lang,
      assignedTo: app.assigned_to ? { id: app.assigned_to, name: app.assigned_name ?? '' } : null,
      photo: app.photo_document_id ? await this.documentLink(em, app.photo_document_id) : null,
      submittedAt: app.submitted_at?.toISOString() ?? null,
      decidedAt: app.decided_at?.toISOString() ?? null,
      appealDeadline: app.decided_at
        ? appealDeadline(app.decided_at).toISOString().slice(0, 10)
        : null,
      languages: languages.map((l) => ({
        languageCode: l.language_code,
        outcome: l.outcome,
        category: l.category,
        supportedCategory: applicantView ? null : l.supported_category,
        reasons: l.reasons,
      })),
      evidence: evidence.map((e) => ({
        id: e.id,
        languageCode: e.language_code,
        kind: e.kind,
        obtainedOn: e.obtained_on,
        issuer: e.issuer,
        issuingCountry: e.issuing_country,
        document: documents.get(e.id) ?? null,
        accepted: e.accepted,
      })),
      events: events.map((e) => ({
        at: new Date(e.at).toISOString(),
        kind: e.kind,
        // The applicant sees what the directorate did, not which employee.
        by: applicantView && e.actor_user_id !== app.applicant_user_id ? null : e.actor_name,
        body: e.body,
        internal: !e.visible_to_applicant,
      })),
      decisions: decisions.map((d) => ({
        round: d.round,
        kind: d.kind,
        decidedAt: new Date(d.decided_at).toISOString(),
      })),
    };
  }

  // ---- the applicant's access request (the privacy feature) ---------------

  /**
   * Everything held about one applicant's applications: each as the applicant
   * sees it (internal notes and the case handler's assessment of the
   * category left out, see docs/privacy.md), its evidence and documents, and
   * each decision with its letter's data. Reads only.
   */
  async exportFor(userId: string): Promise<
    Array<{
      application: ApplicationView;
      createdAt: string;
      updatedAt: string;
      decisions: Array<{ round: number; kind: string; decidedAt: string; letter: unknown }>;
    }>
  > {
    const em = this.dataSource.manager;
    const rows = await this.applications.allOfApplicant(userId);
    const out = [];
    for (const app of rows) {
      const decisions = await this.applications.decisions(em, app.id);
      out.push({
        application: await this.view(em, app, true),
        createdAt: new Date(app.created_at).toISOString(),
        updatedAt: new Date(app.updated_at).toISOString(),
        decisions: decisions.map((d) => ({
          round: d.round,
          kind: d.kind,
          decidedAt: new Date(d.decided_at).toISOString(),
          letter: d.letter,
        })),
      });
    }
    return out;
  }
}
