import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ApplicationsModule } from './applications/applications.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AccessGuard } from './auth/access.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { CardsModule } from './cards/cards.module.js';
import { ProblemFilter } from './common/problem.filter.js';
import { createValidationPipe } from './common/validation.js';
import {
  appConfig,
  authConfig,
  cardConfig,
  uploadConfig,
  databaseConfig,
  populationConfig,
  importConfig,
  jobsConfig,
  mailConfig,
  reportsConfig,
  validateEnvironment,
} from './config/configuration.js';
import { DatabaseModule } from './database/database.module.js';
import { DemoSeedService } from './database/seed/demo-seed.service.js';
import { HealthController } from './health/health.controller.js';
import { JobsModule } from './jobs/jobs.module.js';
import { LanguagesModule } from './languages/languages.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { RegisterImportModule } from './register-import/register-import.module.js';
import { PopulationModule } from './population/population.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { ProfileModule } from './profile/profile.module.js';
import { RegisterModule } from './register/register.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SealingModule } from './sealing/sealing.module.js';
import { StaffModule } from './staff/staff.module.js';
import { UploadsModule } from './uploads/uploads.module.js';
import { WebModule } from './web/web.module.js';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      cache: false,
      validate: validateEnvironment,
      load: [
        appConfig,
        databaseConfig,
        authConfig,
        cardConfig,
        populationConfig,
        importConfig,
        uploadConfig,
        jobsConfig,
        mailConfig,
        reportsConfig,
      ],
    }),
    DatabaseModule,
    AuditModule,
    LanguagesModule,
    RegisterModule,
    WebModule,
    AuthModule,
    StaffModule,
    RegisterImportModule,
    UploadsModule,
    CardsModule,
    PopulationModule,
    JobsModule,
    NotificationsModule,
    ApplicationsModule,
    ProfileModule,
    PrivacyModule,
    SealingModule,
    ReportsModule,
  ],
  controllers: [HealthController],
  providers: [
    DemoSeedService,
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
export class AppModule {}
