import { Readable } from 'node:stream';
import { Controller, Get, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import { DEFAULT_IMPORT_MAX_BYTES } from '../config/configuration.js';
import { AcceptsUploads } from '../uploads/multipart.js';
import type { UiLanguage } from '../web/i18n.js';
import { Pages, UiLang } from '../web/pages.js';
import { csvFromRequest } from './csv-upload.js';
import { IMPORT_COLUMNS } from './import-row.js';
import { REGISTER_IMPORT_MESSAGES, reasonText } from './register-import.messages.js';
import { RegisterImportService, type ImportReport } from './register-import.service.js';

const PATH = '/admin/import';
const PAGE = { messages: REGISTER_IMPORT_MESSAGES };

/** The administrators' page for importing an existing register from CSV. */
@ApiExcludeController()
@Roles('administrator')
@Controller('admin/import')
export class RegisterImportPagesController {
  constructor(
    private readonly imports: RegisterImportService,
    private readonly pages: Pages,
  ) {}

  @Get()
  form(
    @UiLang() lang: UiLanguage,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    this.send(reply, request, lang, undefined);
  }

  @AcceptsUploads({ maxBytes: DEFAULT_IMPORT_MAX_BYTES })
  @Post()
  async upload(
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const upload = await csvFromRequest(request);
    if (!upload.csv) {
      const text = REGISTER_IMPORT_MESSAGES[lang].importFileLabel;
      this.send(reply, request, lang, undefined, {
        errors: [
          { field: 'file', text: `${text}: ${lang === 'en' ? 'choose a file' : 'velg en fil'}` },
        ],
        status: HttpStatus.BAD_REQUEST,
      });
      return;
    }
    const source = Readable.from([upload.csv]);
    const report = upload.dryRun
      ? await this.imports.analyse(source)
      : await this.imports.import(source, actor, { skipBadRows: upload.skipBadRows });
    this.send(reply, request, lang, report);
  }

  private send(
    reply: FastifyReply,
    request: FastifyRequest,
    lang: UiLanguage,
    report: ImportReport | undefined,
    invalid?: { errors: Array<{ field: string; text: string }>; status: number },
  ): void {
    const m = REGISTER_IMPORT_MESSAGES[lang];
    this.pages.send(
      reply,
      request,
      'admin-import',
      {
        title: report ? m.importResultTitle : m.importTitle,
        path: PATH,
        columns: IMPORT_COLUMNS,
        maxMib: Math.floor(this.imports.maxBytes / (1024 * 1024)),
        maxRows: new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nb-NO').format(
          this.imports.maxRows,
        ),
        report,
        problems: report?.errors.map((e) => ({ line: e.line ?? '–', text: reasonText(lang, e) })),
        errors: invalid?.errors ?? [],
      },
      { ...PAGE, status: invalid?.status },
    );
  }
}
