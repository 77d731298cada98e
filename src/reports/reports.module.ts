import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { InterpretersModule } from '../interpreters/interpreters.module.js';
import { LanguagesModule } from '../languages/languages.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RegisterModule } from '../register/register.module.js';
import { UploadsModule } from '../uploads/uploads.module.js';
import { WebModule } from '../web/web.module.js';
import { CasesRepository } from './cases.repository.js';
import { ReportCasePagesController } from './report-case-pages.controller.js';
import { ReportCasesController } from './report-cases.controller.js';
import { ReportCasesService } from './report-cases.service.js';
import { ReportsClock } from './reports-clock.js';

/**
 * Reports about interpreters (issue #11): the reporting channel and the
 * reporter's follow-up with the receipt code, case handling, the advisory
 * committee, the interpreter's side, sanctions on the register, and the
 * jobs that end exclusions and delete expired reports. The keys come from
 * the global SealingModule.
 */
@Module({
  imports: [
    AuthModule,
    InterpretersModule,
    LanguagesModule,
    RegisterModule,
    NotificationsModule,
    UploadsModule,
    WebModule,
  ],
  controllers: [ReportCasesController, ReportCasePagesController],
  providers: [ReportsClock, CasesRepository, ReportCasesService],
  exports: [ReportsClock, ReportCasesService],
})
export class ReportsModule {}
