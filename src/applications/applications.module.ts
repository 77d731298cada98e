import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { InterpretersModule } from '../interpreters/interpreters.module.js';
import { LanguagesModule } from '../languages/languages.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PopulationModule } from '../population/population.module.js';
import { RegisterModule } from '../register/register.module.js';
import { UploadsModule } from '../uploads/uploads.module.js';
import { WebModule } from '../web/web.module.js';
import { ApplicationPagesController } from './application-pages.controller.js';
import { CasesController, MyApplicationsController } from './applications.controller.js';
import { CasePagesController } from './case-pages.controller.js';
import { ApplicationsRepository } from './applications.repository.js';
import { ApplicationsService } from './applications.service.js';
import { DemoApplications } from './demo-applications.js';

/** Applications for entry and their case handling (issue #10). */
@Module({
  imports: [
    AuthModule,
    InterpretersModule,
    LanguagesModule,
    RegisterModule,
    PopulationModule,
    NotificationsModule,
    UploadsModule,
    WebModule,
  ],
  controllers: [
    MyApplicationsController,
    CasesController,
    ApplicationPagesController,
    CasePagesController,
  ],
  providers: [ApplicationsRepository, ApplicationsService, DemoApplications],
  exports: [ApplicationsService, DemoApplications],
})
export class ApplicationsModule {}
