import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { type MailConfig, mailConfig } from '../config/configuration.js';
import { WebModule } from '../web/web.module.js';
import { AdminMailPagesController } from './admin-mail-pages.controller.js';
import { MailTransport, RecordingMailTransport, SmtpMailTransport } from './mail-transport.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

/**
 * E-mail notifications: the outbox, its delivery on the job runner (JobsModule,
 * global) and the administrators' page. Other features call
 * `NotificationsService.enqueue(em, …)` in their own transaction.
 */
@Module({
  imports: [ConfigModule.forFeature(mailConfig), WebModule],
  controllers: [AdminMailPagesController],
  providers: [
    {
      provide: MailTransport,
      inject: [ConfigService],
      useFactory: (config: ConfigService): MailTransport => {
        const mail = config.getOrThrow<MailConfig>('mail');
        return mail.smtpUrl
          ? new SmtpMailTransport(mail.smtpUrl, mail.from)
          : new RecordingMailTransport();
      },
    },
    NotificationsRepository,
    NotificationsService,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
