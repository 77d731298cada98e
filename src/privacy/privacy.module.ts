import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CardsModule } from '../cards/cards.module.js';
import { InterpretersModule } from '../interpreters/interpreters.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ProfileModule } from '../profile/profile.module.js';
import { RegisterModule } from '../register/register.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { UploadsModule } from '../uploads/uploads.module.js';
import { PrivacyController } from './privacy.controller.js';
import { PrivacyService } from './privacy.service.js';

/** Access requests: the person's own data from every feature, through their services (no tables of its own). */
@Module({
  imports: [
    AuthModule,
    InterpretersModule,
    RegisterModule,
    CardsModule,
    ProfileModule,
    ApplicationsModule,
    UploadsModule,
    NotificationsModule,
    ReportsModule,
  ],
  controllers: [PrivacyController],
  providers: [PrivacyService],
})
export class PrivacyModule {}
