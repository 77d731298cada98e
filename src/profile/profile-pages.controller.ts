import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import { DomainError } from '../common/problem.js';
import { COUNTIES } from '../geography/counties.js';
import { AVAILABILITIES, MODALITIES } from '../interpreters/interpreter.js';
import type { InterpreterProfile } from '../interpreters/interpreters.service.js';
import { UploadRefusedError } from '../uploads/intake.js';
import { AcceptsUploads, isUploadRequest, readUpload } from '../uploads/multipart.js';
import { sendDocument } from '../uploads/send-document.js';
import { type UiLanguage } from '../web/i18n.js';
import { Pages, UiLang, withLang } from '../web/pages.js';
import { PhotoSubmissionsService } from './photo-submissions.service.js';
import { sendPhoto } from './photo-response.js';
import { NotInRegisterError } from './profile.errors.js';
import { PROFILE_MESSAGES, profileErrors } from './profile.messages.js';
import type { ProfileDraft } from './profile-rules.js';
import { ProfileService } from './profile.service.js';

const PAGE = { messages: PROFILE_MESSAGES };
const ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });
type Form = Record<string, string | string[] | undefined>;

const one = (form: Form, name: string): string => {
  const v = form[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};
const all = (form: Form, name: string): string[] => {
  const v = form[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => x.trim());
};

/** The profile form's fields as the service takes them; a textarea's line breaks become spaces. */
function draftFromForm(form: Form): ProfileDraft {
  const note = one(form, 'publicNote').replace(/\s*[\r\n]+\s*/g, ' ');
  return {
    email: one(form, 'email') || null,
    emailPublic: one(form, 'emailPublic') === 'yes',
    phone: one(form, 'phone') || null,
    phonePublic: one(form, 'phonePublic') === 'yes',
    availability: one(form, 'availability'),
    modalities: all(form, 'modalities'),
    workCounties: all(form, 'workCounties'),
    publicNote: note || null,
  };
}

/** The interpreter's pages: their profile (/min-side/profil) and their card photo (/min-side/profil/bilde). */
@ApiExcludeController()
@Roles('interpreter')
@Controller('min-side/profil')
export class ProfilePagesController {
  constructor(
    private readonly pages: Pages,
    private readonly profiles: ProfileService,
    private readonly photos: PhotoSubmissionsService,
  ) {}

  @Get()
  async show(
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const profile = await this.profileOrPage(actor, lang, request, reply);
    if (!profile) return;
    this.sendForm(reply, request, lang, profile, draftOfProfile(profile));
  }

  @Post()
  async save(
    @Body() body: Form | undefined,
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const profile = await this.profileOrPage(actor, lang, request, reply);
    if (!profile) return;
    const draft = draftFromForm(body ?? {});
    try {
      await this.profiles.update(actor, draft);
    } catch (error) {
      if (error instanceof DomainError && error.errors) {
        return this.sendForm(
          reply,
          request,
          lang,
          profile,
          draft,
          profileErrors(lang, error.errors),
        );
      }
      throw error;
    }
    this.pages.redirect(reply, withLang(lang, '/min-side/profil'), 'profileSaved');
  }

  @Get('bilde')
  async photoPage(
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!(await this.profileOrPage(actor, lang, request, reply))) return;
    await this.sendPhotoPage(reply, request, lang, actor);
  }

  @AcceptsUploads()
  @Post('bilde')
  async submitPhoto(
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const upload = isUploadRequest(request) ? await readUpload(request) : { file: undefined };
    const file = upload.file && upload.file.bytes.length > 0 ? upload.file : undefined;
    if (!(await this.profileOrPage(actor, lang, request, reply))) return;
    const m = PROFILE_MESSAGES[lang];
    if (!file) {
      return this.sendPhotoPage(reply, request, lang, actor, [
        { field: 'photo', text: m.problems.photo },
      ]);
    }
    try {
      await this.photos.submit(actor, file, lang);
    } catch (error) {
      if (error instanceof UploadRefusedError) {
        return this.sendPhotoPage(reply, request, lang, actor, [
          { field: 'photo', text: m.uploadProblems[error.code] ?? m.uploadProblems.default },
        ]);
      }
      throw error;
    }
    this.pages.redirect(reply, withLang(lang, '/min-side/profil/bilde'), 'photoSubmitted');
  }

  @Get('bilde/kort')
  async cardPhoto(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    const photo = await this.photos.ownCardPhoto(actor.userId!);
    sendPhoto(reply, { mediaType: photo.mediaType, bytes: photo.data, name: 'kort.jpg' });
  }

  @Get('bilde/ny')
  async pendingPhoto(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    sendDocument(reply, await this.photos.ownPendingPhoto(actor.userId!));
  }

  /** The profile, or (for a citizen not in the register) the "apply first" page, sent here. */
  private async profileOrPage(
    actor: Actor,
    lang: UiLanguage,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<InterpreterProfile | undefined> {
    try {
      return await this.profiles.profileOf(actor.userId!);
    } catch (error) {
      if (!(error instanceof NotInRegisterError)) throw error;
      const m = PROFILE_MESSAGES[lang];
      this.pages.send(
        reply,
        request,
        'my-profile',
        { title: m.notInRegisterTitle, path: '/min-side/profil', notInRegister: true },
        { ...PAGE, status: 404 },
      );
      return undefined;
    }
  }

  private sendForm(
    reply: FastifyReply,
    request: FastifyRequest,
    lang: UiLanguage,
    profile: InterpreterProfile,
    draft: ProfileDraft,
    errors: Array<{ field: string; text: string }> = [],
  ): void {
    this.pages.send(
      reply,
      request,
      'my-profile',
      {
        title: PROFILE_MESSAGES[lang].profileTitle,
        path: '/min-side/profil',
        notInRegister: false,
        profile,
        form: draft,
        errors,
        counties: COUNTIES,
        availabilities: AVAILABILITIES,
        modalities: MODALITIES,
      },
      { ...PAGE, status: errors.length > 0 ? 400 : 200 },
    );
  }

  private async sendPhotoPage(
    reply: FastifyReply,
    request: FastifyRequest,
    lang: UiLanguage,
    actor: Actor,
    errors: Array<{ field: string; text: string }> = [],
  ): Promise<void> {
    const { hasCardPhoto, submissions } = await this.photos.overview(actor.userId!);
    const pending = submissions.find((s) => s.status === 'pending') ?? null;
    const lastDecided = submissions.find((s) => s.status === 'approved' || s.status === 'refused');
    this.pages.send(
      reply,
      request,
      'my-profile-photo',
      {
        title: PROFILE_MESSAGES[lang].photoTitle,
        path: '/min-side/profil/bilde',
        hasCardPhoto,
        pending,
        refused: lastDecided?.status === 'refused' ? lastDecided : null,
        errors,
      },
      { ...PAGE, status: errors.length > 0 ? 400 : 200 },
    );
  }
}

function draftOfProfile(p: InterpreterProfile): ProfileDraft {
  return {
    email: p.email,
    emailPublic: p.emailPublic,
    phone: p.phone,
    phonePublic: p.phonePublic,
    availability: p.availability,
    modalities: p.modalities,
    workCounties: p.workCounties,
    publicNote: p.publicNote,
  };
}

/** The case handlers' page of new card photos: compare, approve, refuse. */
@ApiExcludeController()
@Roles('case_handler')
@Controller('saksbehandling/bilder')
export class PhotoReviewPagesController {
  constructor(
    private readonly pages: Pages,
    private readonly photos: PhotoSubmissionsService,
  ) {}

  @Get()
  async list(
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.sendList(reply, request, lang, actor);
  }

  @Get(':id/ny')
  async newPhoto(
    @Param('id', ID) id: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendPhoto(reply, await this.photos.photoForReview(actor, id, 'new'));
  }

  @Get(':id/kort')
  async currentPhoto(
    @Param('id', ID) id: string,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendPhoto(reply, await this.photos.photoForReview(actor, id, 'current'));
  }

  @Post(':id/godkjenn')
  async approve(
    @Param('id', ID) id: string,
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      await this.photos.approve(actor, id);
    } catch (error) {
      if (error instanceof DomainError && error.getStatus() === 409) {
        return this.pages.redirect(reply, withLang(lang, '/saksbehandling/bilder'), 'photoChanged');
      }
      throw error;
    }
    this.pages.redirect(reply, withLang(lang, '/saksbehandling/bilder'), 'photoApproved');
  }

  @Post(':id/avvis')
  async refuse(
    @Param('id', ID) id: string,
    @Body() body: Form | undefined,
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      await this.photos.refuse(actor, id, one(body ?? {}, 'reason'));
    } catch (error) {
      if (error instanceof DomainError && error.errors) {
        return this.sendList(reply, request, lang, actor, [
          { field: `reason-${id}`, text: PROFILE_MESSAGES[lang].problems.reason },
        ]);
      }
      if (error instanceof DomainError && error.getStatus() === 409) {
        return this.pages.redirect(reply, withLang(lang, '/saksbehandling/bilder'), 'photoChanged');
      }
      throw error;
    }
    this.pages.redirect(reply, withLang(lang, '/saksbehandling/bilder'), 'photoRefused');
  }

  private async sendList(
    reply: FastifyReply,
    request: FastifyRequest,
    lang: UiLanguage,
    actor: Actor,
    errors: Array<{ field: string; text: string }> = [],
  ): Promise<void> {
    const result = await this.photos.pending(actor);
    this.pages.send(
      reply,
      request,
      'photo-review',
      {
        title: PROFILE_MESSAGES[lang].reviewTitle,
        path: '/saksbehandling/bilder',
        result,
        errors,
      },
      { ...PAGE, status: errors.length > 0 ? 400 : 200 },
    );
  }
}
