import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REPORT_SESSION_COOKIE } from '../auth/csrf.js';
import { Public } from '../auth/public.decorator.js';
import { DomainError } from '../common/problem.js';
import { LanguagesService } from '../languages/languages.service.js';
import { pageLanguages } from '../applications/page-languages.js';
import { attachmentDisposition } from '../uploads/display-name.js';
import { UploadRefusedError } from '../uploads/intake.js';
import {
  AcceptsUploads,
  isUploadRequest,
  readUpload,
  uploadFieldsSoFar,
  type UploadForm,
} from '../uploads/multipart.js';
import type { UiLanguage } from '../web/i18n.js';
import { osloTime } from '../web/form-fields.js';
import { Pages, UiLang, withLang } from '../web/pages.js';
import { InvalidReceiptCodeError } from './receipt-code.js';
import { ReceiptGate } from './receipt-gate.js';
import {
  MAX_REPORT_FILES,
  type NewReport,
  REPORT_FIELD_BYTES,
  ReportIntakeService,
  type ReporterFile,
} from './report-intake.service.js';
import { REPORT_DUTIES, type ReportDuty } from './report-types.js';
import { REPORTER_MESSAGES } from './reporter.messages.js';
import { withRetryAfter } from './reporter.controller.js';
import {
  InvalidReportError,
  ReceiptCodeUnknownError,
  ReporterSessionEndedError,
  TooManyAttemptsError,
} from './reports.errors.js';

const PAGE = { messages: REPORTER_MESSAGES };
const SESSION_PATH = '/meld-fra';
type Form = Record<string, string>;
type PageError = { field: string; text: string };

/** The fields of the report form, besides the duties (one checkbox each) and the files. */
const REPORT_FIELDS = [
  'interpreterNumber',
  'interpreterName',
  'languageCode',
  'text',
  'happenedOn',
  'place',
  'publicBody',
  'anonymous',
  'reporterName',
  'reporterEmail',
  'reporterPhone',
  'reporterOrganisation',
] as const;

/** The service's field names as the form's (each error links to `#f-<field>`). */
const FORM_FIELD: Record<string, string> = {
  'reporter.name': 'reporterName',
  'reporter.email': 'reporterEmail',
  'reporter.phone': 'reporterPhone',
  'reporter.organisation': 'reporterOrganisation',
};

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/**
 * The reporter's pages (issue #11): the report form (anonymous by default,
 * with files), the receipt shown once as the answer to the form's POST, the
 * follow-up with the receipt code (typed into a form, never in a URL) and a
 * short reporter session for reading, answering and adding files; and the
 * public report statistics. All work without JavaScript.
 */
@ApiExcludeController()
@Public()
@Controller()
export class ReporterPagesController {
  constructor(
    private readonly pages: Pages,
    private readonly intake: ReportIntakeService,
    private readonly gate: ReceiptGate,
    private readonly languages: LanguagesService,
  ) {}

  @Get('meld-fra')
  async form(
    @UiLang() lang: UiLanguage,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.sendForm(reply, request, lang, [], { anonymous: 'yes' });
  }

  /** The report form posts here (multipart, up to five files); the answer is the receipt itself. */
  @AcceptsUploads({ maxFiles: MAX_REPORT_FILES, maxFieldBytes: REPORT_FIELD_BYTES })
  @Post('meld-fra')
  async submit(
    @Body() body: Form | undefined,
    @UiLang() lang: UiLanguage,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const m = REPORTER_MESSAGES[lang];
    let form: Form;
    let files: ReporterFile[];
    try {
      ({ form, files } = await readReporterForm(request, body));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.sendForm(
        reply,
        request,
        lang,
        [{ field: 'attachments', text: m.uploadProblems[error.code] ?? m.uploadProblems.default }],
        uploadFieldsSoFar(request),
        error.getStatus(),
      );
    }
    try {
      const receipt = await withRetryAfter(reply, () =>
        this.intake.submit(reportOf(form), files, this.gate.clientKey(request.ip)),
      );
      // Rendered as the POST's answer, never cached: shown exactly once.
      this.pages.send(
        reply,
        request,
        'report-receipt',
        {
          title: m.receiptTitle,
          path: '/meld-fra',
          receipt,
          codeGroups: receipt.receiptCode.split(' '),
        },
        PAGE,
      );
    } catch (error) {
      if (error instanceof InvalidReportError) {
        const errors = (error.errors ?? []).map((p) => ({
          field: FORM_FIELD[p.field] ?? p.field,
          text: m.problems[`${p.field}:${p.message}`] ?? m.invalidField,
        }));
        return this.sendForm(reply, request, lang, errors, form, 400);
      }
      if (error instanceof UploadRefusedError) {
        const text = m.uploadProblems[error.code] ?? m.uploadProblems.default;
        return this.sendForm(reply, request, lang, [{ field: 'attachments', text }], form, 400);
      }
      if (error instanceof TooManyAttemptsError) {
        const text = m.tooManyReports(minutes(error.retryAfterSeconds));
        return this.sendForm(reply, request, lang, [{ field: 'text', text }], form, 429);
      }
      if (error instanceof DomainError && error.code === 'INVALID_INPUT') {
        const errors = (error.errors ?? []).map((p) => ({ field: p.field, text: m.invalidField }));
        return this.sendForm(reply, request, lang, errors, form, 400);
      }
      throw error;
    }
  }

  @Get('meld-fra/oppfolging')
  followUp(
    @UiLang() lang: UiLanguage,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    this.sendFollowUp(reply, request, lang, []);
  }

  /** The receipt code, typed into a form: a right one opens a reporter session. */
  @Post('meld-fra/oppfolging')
  async signIn(
    @Body() body: Form | undefined,
    @UiLang() lang: UiLanguage,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const m = REPORTER_MESSAGES[lang];
    const code = typeof body?.receiptCode === 'string' ? body.receiptCode : '';
    try {
      const { token } = await withRetryAfter(reply, () =>
        this.intake.signIn(code, this.gate.clientKey(request.ip)),
      );
      void reply.setCookie(REPORT_SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        path: SESSION_PATH,
        secure: true, // as the session cookie: never sent over plain http, also behind a proxy
      });
      this.pages.redirect(reply, withLang(lang, '/meld-fra/sak'));
    } catch (error) {
      let text: string;
      if (error instanceof InvalidReceiptCodeError) text = m.codeProblems[error.problem];
      else if (error instanceof ReceiptCodeUnknownError) text = m.codeProblems.unknown;
      else if (error instanceof TooManyAttemptsError)
        text = m.locked(minutes(error.retryAfterSeconds));
      else throw error;
      this.sendFollowUp(reply, request, lang, [{ field: 'receiptCode', text }], error.getStatus());
    }
  }

  @Get('meld-fra/sak')
  async casePage(
    @UiLang() lang: UiLanguage,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.withSession(request, reply, lang, async (session) => {
      await this.sendCase(reply, request, lang, session, []);
    });
  }

  /** The reporter's answer, with up to five files. */
  @AcceptsUploads({ maxFiles: MAX_REPORT_FILES, maxFieldBytes: REPORT_FIELD_BYTES })
  @Post('meld-fra/sak/svar')
  async answer(
    @Body() body: Form | undefined,
    @UiLang() lang: UiLanguage,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const m = REPORTER_MESSAGES[lang];
    await this.withSession(request, reply, lang, async (session) => {
      let form: Form;
      let files: ReporterFile[];
      try {
        ({ form, files } = await readReporterForm(request, body));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const text = m.uploadProblems[error.code] ?? m.uploadProblems.default;
        return this.sendCase(reply, request, lang, session, [{ field: 'attachments', text }], {
          text: uploadFieldsSoFar(request).text ?? '',
          status: error.getStatus(),
        });
      }
      const text = form.text ?? '';
      try {
        await this.intake.write({ session }, text, files);
      } catch (error) {
        if (error instanceof InvalidReportError) {
          const errors = (error.errors ?? []).map((p) => ({
            field: p.field,
            text: m.answerProblems[`${p.field}:${p.message}`] ?? m.invalidField,
          }));
          return this.sendCase(reply, request, lang, session, errors, { text, status: 400 });
        }
        if (error instanceof UploadRefusedError) {
          const problem = m.uploadProblems[error.code] ?? m.uploadProblems.default;
          return this.sendCase(
            reply,
            request,
            lang,
            session,
            [{ field: 'attachments', text: problem }],
            { text, status: 400 },
          );
        }
        throw error;
      }
      this.pages.redirect(reply, withLang(lang, '/meld-fra/sak'), 'answered');
    });
  }

  @Get('meld-fra/sak/vedlegg/:id')
  async attachment(
    @Param('id') id: string,
    @UiLang() lang: UiLanguage,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.withSession(request, reply, lang, async (session) => {
      const file = await this.intake.attachment({ session }, id);
      void reply
        .status(200)
        .header('content-type', file.mediaType)
        .header('content-length', String(file.bytes.length))
        .header('content-disposition', attachmentDisposition(file.name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('cross-origin-resource-policy', 'same-origin')
        .send(file.bytes);
    });
  }

  @Post('meld-fra/sak/logg-ut')
  async signOut(
    @UiLang() lang: UiLanguage,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const session = request.cookies?.[REPORT_SESSION_COOKIE];
    if (session) await this.intake.signOut(session);
    void reply.clearCookie(REPORT_SESSION_COOKIE, { path: SESSION_PATH });
    this.pages.redirect(reply, withLang(lang, '/meld-fra/oppfolging'), 'signedOut');
  }

  @Get('statistikk/varsler')
  async statistics(
    @UiLang() lang: UiLanguage,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const stats = await this.intake.statistics();
    this.pages.send(
      reply,
      request,
      'report-statistics',
      {
        title: REPORTER_MESSAGES[lang].statisticsTitle,
        path: '/statistikk/varsler',
        stats,
        duties: REPORT_DUTIES,
      },
      { ...PAGE, publicCacheSeconds: 300 },
    );
  }

  // ---- helpers ---------------------------------------------------------------

  /** Runs `work` with the reporter's session; without a live one, back to the code form. */
  private async withSession(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: UiLanguage,
    work: (session: string) => Promise<void>,
  ): Promise<void> {
    const session = request.cookies?.[REPORT_SESSION_COOKIE];
    try {
      if (!session) throw new ReporterSessionEndedError();
      await work(session);
    } catch (error) {
      if (!(error instanceof ReporterSessionEndedError)) throw error;
      void reply.clearCookie(REPORT_SESSION_COOKIE, { path: SESSION_PATH });
      this.pages.redirect(reply, withLang(lang, '/meld-fra/oppfolging'), 'sessionEnded');
    }
  }

  private async sendForm(
    reply: FastifyReply,
    request: FastifyRequest,
    lang: UiLanguage,
    errors: PageError[],
    form: Form,
    status = 200,
  ): Promise<void> {
    const { options } = await pageLanguages(this.languages, lang);
    const values = Object.fromEntries(
      REPORT_FIELDS.map((f) => [f, typeof form[f] === 'string' ? form[f] : '']),
    );
    this.pages.send(
      reply,
      request,
      'report-form',
      {
        title: REPORTER_MESSAGES[lang].reportTitle,
        path: '/meld-fra',
        errors,
        form: values,
        anonymous: values.anonymous !== 'no',
        checked: REPORT_DUTIES.filter((d) => form[`duty_${d}`] !== undefined),
        duties: REPORT_DUTIES,
        languageOptions: options,
        filesAgain: errors.length > 0 && status !== 429,
      },
      { ...PAGE, status },
    );
  }

  private sendFollowUp(
    reply: FastifyReply,
    request: FastifyRequest,
    lang: UiLanguage,
    errors: PageError[],
    status = 200,
  ): void {
    this.pages.send(
      reply,
      request,
      'report-follow-up',
      { title: REPORTER_MESSAGES[lang].followUpTitle, path: '/meld-fra/oppfolging', errors },
      { ...PAGE, status },
    );
  }

  private async sendCase(
    reply: FastifyReply,
    request: FastifyRequest,
    lang: UiLanguage,
    session: string,
    errors: PageError[],
    typed: { text: string; status: number } = { text: '', status: 200 },
  ): Promise<void> {
    const view = await this.intake.view({ session });
    this.pages.send(
      reply,
      request,
      'report-case',
      {
        title: `${REPORTER_MESSAGES[lang].caseTitle} ${view.caseNumber}`,
        path: '/meld-fra/sak',
        view,
        errors,
        typed: typed.text,
        time: osloTime,
      },
      { ...PAGE, status: errors.length > 0 ? typed.status : 200 },
    );
  }
}

/** The report form's fields as the service's input. */
function reportOf(form: Form): NewReport {
  const text = (name: string) => (typeof form[name] === 'string' ? form[name].trim() : '');
  const numberText = text('interpreterNumber');
  const anonymous = text('anonymous') !== 'no';
  const reporter = {
    name: text('reporterName'),
    email: text('reporterEmail') || null,
    phone: text('reporterPhone') || null,
    organisation: text('reporterOrganisation') || null,
  };
  return {
    // Letters where a number belongs: a number no interpreter has (the same message).
    interpreterNumber:
      numberText === '' ? null : /^\d{1,9}$/.test(numberText) ? Number(numberText) : -1,
    interpreterName: text('interpreterName') || null,
    languageCode: text('languageCode') || null,
    happenedOn: text('happenedOn') || null,
    place: text('place') || null,
    publicBody: text('publicBody') || null,
    duties: REPORT_DUTIES.filter((d): d is ReportDuty => form[`duty_${d}`] !== undefined),
    text: typeof form.text === 'string' ? form.text : '',
    anonymous,
    reporter: anonymous && !reporter.name && !reporter.email && !reporter.phone ? null : reporter,
  };
}

/** A reporter's form, multipart with up to five files or plain: its fields and files. */
async function readReporterForm(
  request: FastifyRequest,
  body: Form | undefined,
): Promise<{ form: Form; files: ReporterFile[] }> {
  if (!isUploadRequest(request)) return { form: body ?? {}, files: [] };
  const upload: UploadForm = await readUpload(request);
  return { form: upload.fields, files: upload.files ?? [] };
}
