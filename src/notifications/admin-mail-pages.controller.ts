import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import type { UiLanguage } from '../web/i18n.js';
import { Pages, UiLang } from '../web/pages.js';
import { NOTIFICATION_MESSAGES } from './notifications.messages.js';
import { MAIL_LIST_LIMIT, NotificationsService } from './notifications.service.js';

/** The administrators' view of the outbox: what was sent, what waits, and, on the embedded default, what was only recorded. */
@ApiExcludeController()
@Roles('administrator')
@Controller('admin')
export class AdminMailPagesController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly pages: Pages,
  ) {}

  @Get('e-post')
  async mail(
    @UiLang() lang: UiLanguage,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const mails = await this.notifications.latest(actor);
    const time = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nb-NO', {
      dateStyle: 'short',
      timeStyle: 'medium',
      timeZone: 'Europe/Oslo',
    });
    this.pages.send(
      reply,
      request,
      'admin-mail',
      {
        title: NOTIFICATION_MESSAGES[lang].mailTitle,
        path: '/admin/e-post',
        limit: MAIL_LIST_LIMIT,
        mails: mails.map((mail) => ({ ...mail, time: time.format(mail.createdAt) })),
      },
      { messages: NOTIFICATION_MESSAGES },
    );
  }
}
