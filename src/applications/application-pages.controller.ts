import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import { DomainError } from '../common/problem.js';
import { COUNTIES } from '../geography/counties.js';
import { LanguagesService } from '../languages/languages.service.js';
import { EVIDENCE_KINDS, type EvidenceKind } from '../register/category.js';
import { UploadRefusedError } from '../uploads/intake.js';
import { AcceptsUploads, isUploadRequest, readUpload } from '../uploads/multipart.js';
import { sendDocument } from '../uploads/send-document.js';
import { type UiLanguage } from '../web/i18n.js';
import { Pages, UiLang, withLang } from '../web/pages.js';
import { pageLanguages } from './page-languages.js';
import { EEA_AND_SWITZERLAND } from './application-rules.js';
import { sendLetter } from './applications.controller.js';
import { OpenApplicationExistsError } from './applications.errors.js';
import { APPLICATION_MESSAGES } from './applications.messages.js';
import { field, type Form, osloTime, pageErrors, uploadProblem } from './page-forms.js';
import {
  type ApplicationView,
  ApplicationsService,
  type DraftInput,
} from './applications.service.js';

const PAGE = { messages: APPLICATION_MESSAGES };
const ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });
function draftOf(view: ApplicationView): DraftInput {
  return {
    email: view.email,
    phone: view.phone,
    lang: view.lang,
    countyCode: view.person.countyCode,
    languages: view.languages.map((l) => l.languageCode),
    evidence: view.evidence.map((e) => ({
      languageCode: e.languageCode,
      kind: e.kind as EvidenceKind,
      obtainedOn: e.obtainedOn,
      issuer: e.issuer,
      issuingCountry: e.issuingCountry,
      documentId: e.document?.id ?? null,
    })),
  };
}

const STEPS = ['om-deg', 'sprak', 'kvalifikasjoner', 'bilde', 'send'] as const;
type Step = (typeof STEPS)[number];

/** The applicant's pages: start, the four steps of the draft, and the case afterwards. */
@ApiExcludeController()
@Roles('interpreter')
@Controller('min-side/soknad')
export class ApplicationPagesController {
  constructor(
    private readonly pages: Pages,
    private readonly applications: ApplicationsService,
    private readonly languages: LanguagesService,
  ) {}

  @Get()
  async overview(
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const list = await this.applications.mine(actor.userId!);
    const open = list.find((a) =>
      ['draft', 'submitted', 'in_review', 'awaiting_applicant'].includes(a.status),
    );
    this.pages.send(
      reply,
      request,
      'application-overview',
      {
        title: APPLICATION_MESSAGES[lang].applyTitle,
        path: '/min-side/soknad',
        open: open ? { id: open.id, status: open.status } : null,
        list: list.map((a) => ({
          id: a.id,
          caseNumber: a.case_number,
          status: a.status,
          date: (a.submitted_at ?? a.created_at).toISOString().slice(0, 10),
        })),
      },
      PAGE,
    );
  }

  @Post()
  async start(
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ) {
    let id: string;
    try {
      id = await this.applications.start(actor, lang);
    } catch (error) {
      if (!(error instanceof OpenApplicationExistsError)) throw error;
      id = error.applicationId;
    }
    this.pages.redirect(reply, withLang(lang, `/min-side/soknad/${id}`));
  }

  @Get(':id')
  async show(
    @Param('id', ID) id: string,
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const view = await this.applications.ownView(actor.userId!, id);
    if (view.status === 'draft') {
      void reply
        .header('cache-control', 'no-store')
        .redirect(withLang(lang, `/min-side/soknad/${id}/om-deg`), 303);
      return;
    }
    await this.sendCase(reply, request, lang, view);
  }

  @Get(':id/:step')
  async step(
    @Param('id', ID) id: string,
    @Param('step') step: string,
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (step === 'vedtak.pdf') {
      await sendLetter(
        reply,
        await this.applications.letterData({ userId: actor.userId!, staff: false }, id),
      );
      return;
    }
    const view = await this.applications.ownView(actor.userId!, id);
    if (!(STEPS as readonly string[]).includes(step) || view.status !== 'draft') {
      void reply
        .header('cache-control', 'no-store')
        .redirect(withLang(lang, `/min-side/soknad/${id}`), 303);
      return;
    }
    await this.sendStep(reply, request, lang, view, step as Step);
  }

  @Get(':id/dokumenter/:documentId')
  async document(
    @Param('id', ID) id: string,
    @Param('documentId', ID) documentId: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendDocument(reply, await this.applications.openDocument(actor, id, documentId, false));
  }

  /** Every step posts here; the qualifications and the photo step as multipart, with a file. */
  @AcceptsUploads()
  @Post(':id/:step')
  async post(
    @Param('id', ID) id: string,
    @Param('step') step: string,
    @Body() body: Form | undefined,
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const base = `/min-side/soknad/${id}`;
    let form: Form = body ?? {};
    let file: { bytes: Buffer; clientName: string } | undefined;
    if (isUploadRequest(request)) {
      const upload = await readUpload(request);
      form = upload.fields;
      file = upload.file && upload.file.bytes.length > 0 ? upload.file : undefined;
    }
    try {
      if (step === 'bilde') {
        if (!file) {
          const view = await this.applications.ownView(actor.userId!, id);
          return await this.sendStep(reply, request, lang, view, 'bilde', [
            { field: 'photo', text: APPLICATION_MESSAGES[lang].photoChoose },
          ]);
        }
        try {
          await this.applications.uploadDocument(actor, id, 'photo', file);
        } catch (error) {
          if (error instanceof UploadRefusedError) {
            const view = await this.applications.ownView(actor.userId!, id);
            return await this.sendStep(reply, request, lang, view, 'bilde', [
              { field: 'photo', text: uploadProblem(lang, error) },
            ]);
          }
          throw error;
        }
        return this.pages.redirect(reply, withLang(lang, `${base}/bilde`), 'photoSaved');
      }
      switch (step) {
        case 'svar':
          await this.applications.answer(actor, id, field(form, 'message'));
          return this.pages.redirect(reply, withLang(lang, base), 'answered');
        case 'klage':
          await this.applications.appeal(actor, id, field(form, 'message'));
          return this.pages.redirect(reply, withLang(lang, base), 'appealed');
        case 'trekk':
          await this.applications.withdraw(actor, id);
          return this.pages.redirect(reply, withLang(lang, '/min-side/soknad'), 'withdrawn');
        case 'send':
          await this.applications.submit(actor, id);
          return this.pages.redirect(reply, withLang(lang, base), 'submitted');
      }
      if (!(STEPS as readonly string[]).includes(step)) {
        return this.pages.redirect(reply, withLang(lang, base));
      }
      const view = await this.applications.ownView(actor.userId!, id);
      const draft = draftOf(view);
      let next: string = `${base}/${step}`;
      if (step === 'om-deg') {
        draft.email = field(form, 'email') || null;
        draft.phone = field(form, 'phone') || null;
        draft.lang = field(form, 'lang') === 'en' ? 'en' : 'nb';
        if (
          view.person.addressProtected ||
          view.person.lookup !== 'done' ||
          !view.person.countyCode
        ) {
          draft.countyCode = field(form, 'countyCode') || null;
        }
        const problems = this.contactProblems(lang, form);
        if (problems.length > 0)
          return await this.sendStep(reply, request, lang, view, 'om-deg', problems, form);
        next = `${base}/sprak`;
      } else if (step === 'sprak') {
        const add = field(form, 'add');
        const remove = field(form, 'remove');
        if (remove) {
          draft.languages = draft.languages.filter((c) => c !== remove);
          draft.evidence = draft.evidence.filter((e) => e.languageCode !== remove);
        } else if (add) {
          draft.languages.push(add);
        } else {
          return await this.sendStep(reply, request, lang, view, 'sprak', [
            { field: 'add', text: APPLICATION_MESSAGES[lang].chooseLanguage },
          ]);
        }
      } else if (step === 'kvalifikasjoner') {
        const remove = field(form, 'remove');
        if (remove) {
          const index = Number(remove);
          draft.evidence = draft.evidence.filter((_, i) => i !== index);
        } else {
          const kind = field(form, 'kind');
          const problems: Array<{ field: string; text: string }> = [];
          if (!(EVIDENCE_KINDS as readonly string[]).includes(kind)) {
            problems.push({ field: 'kind', text: APPLICATION_MESSAGES[lang].evidenceKind });
          }
          const obtainedOn = field(form, 'obtainedOn');
          if (!/^\d{4}-\d{2}-\d{2}$/.test(obtainedOn) || Number.isNaN(Date.parse(obtainedOn))) {
            problems.push({ field: 'obtainedOn', text: APPLICATION_MESSAGES[lang].obtainedOn });
          }
          const country = field(form, 'issuingCountry');
          if (country && !(EEA_AND_SWITZERLAND as readonly string[]).includes(country)) {
            problems.push({
              field: 'issuingCountry',
              text: APPLICATION_MESSAGES[lang].issuingCountry,
            });
          }
          if (problems.length > 0) {
            return await this.sendStep(
              reply,
              request,
              lang,
              view,
              'kvalifikasjoner',
              problems,
              form,
            );
          }
          let documentId: string | null = null;
          if (file) {
            try {
              documentId = (await this.applications.uploadDocument(actor, id, 'evidence', file)).id;
            } catch (error) {
              if (!(error instanceof UploadRefusedError)) throw error;
              const problem = [{ field: 'document', text: uploadProblem(lang, error) }];
              return await this.sendStep(
                reply,
                request,
                lang,
                view,
                'kvalifikasjoner',
                problem,
                form,
              );
            }
          }
          draft.evidence.push({
            documentId,
            languageCode: kind === 'tao_course' ? null : field(form, 'languageCode') || null,
            kind: kind as EvidenceKind,
            obtainedOn,
            issuer: field(form, 'issuer').slice(0, 200) || null,
            issuingCountry: country || null,
          });
        }
      }
      try {
        await this.applications.saveDraft(actor, id, draft);
      } catch (error) {
        if (error instanceof DomainError && error.errors) {
          const fresh = await this.applications.ownView(actor.userId!, id);
          return await this.sendStep(
            reply,
            request,
            lang,
            fresh,
            step as Step,
            pageErrors(lang, error, (await pageLanguages(this.languages, lang)).name),
            form,
          );
        }
        throw error;
      }
      this.pages.redirect(reply, withLang(lang, next), step === 'om-deg' ? undefined : 'saved');
    } catch (error) {
      if (error instanceof DomainError && error.errors && step === 'send') {
        const view = await this.applications.ownView(actor.userId!, id);
        return await this.sendStep(
          reply,
          request,
          lang,
          view,
          'send',
          pageErrors(lang, error, (await pageLanguages(this.languages, lang)).name),
        );
      }
      if (error instanceof DomainError && error.getStatus() === 409) {
        return this.pages.redirect(reply, withLang(lang, base), 'caseChanged');
      }
      throw error;
    }
  }

  private contactProblems(lang: UiLanguage, form: Form): Array<{ field: string; text: string }> {
    const m = APPLICATION_MESSAGES[lang];
    const problems: Array<{ field: string; text: string }> = [];
    const email = field(form, 'email');
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      problems.push({ field: 'email', text: m.email });
    const phone = field(form, 'phone');
    if (phone && !/^\+?[0-9 ]{8,19}$/.test(phone)) problems.push({ field: 'phone', text: m.phone });
    return problems;
  }

  private async sendStep(
    reply: FastifyReply,
    request: FastifyRequest,
    lang: UiLanguage,
    view: ApplicationView,
    step: Step,
    errors: Array<{ field: string; text: string }> = [],
    form: Form = {},
  ): Promise<void> {
    const m = APPLICATION_MESSAGES[lang];
    const { name, options } = await pageLanguages(this.languages, lang);
    const index = STEPS.indexOf(step);
    this.pages.send(
      reply,
      request,
      `application-step-${step}`,
      {
        title: `${m.steps[index]} – ${m.applyTitle}`,
        path: `/min-side/soknad/${view.id}/${step}`,
        step: index,
        steps: STEPS,
        app: view,
        errors,
        form: Object.fromEntries(Object.keys(form).map((k) => [k, field(form, k)])),
        counties: COUNTIES,
        languageOptions: options,
        languageName: name,
        time: osloTime,
        evidenceKinds: EVIDENCE_KINDS,
        countries: EEA_AND_SWITZERLAND,
      },
      { ...PAGE, status: errors.length > 0 ? 400 : 200 },
    );
  }

  private async sendCase(
    reply: FastifyReply,
    request: FastifyRequest,
    lang: UiLanguage,
    view: ApplicationView,
  ): Promise<void> {
    const { name } = await pageLanguages(this.languages, lang);
    this.pages.send(
      reply,
      request,
      'application-case',
      {
        title: `${APPLICATION_MESSAGES[lang].yourCase} ${view.caseNumber ?? ''}`,
        path: `/min-side/soknad/${view.id}`,
        app: view,
        languageName: name,
        time: osloTime,
        mayAppeal:
          view.status === 'decided' &&
          view.appealDeadline !== null &&
          view.appealDeadline >= new Date().toISOString().slice(0, 10),
      },
      PAGE,
    );
  }
}
