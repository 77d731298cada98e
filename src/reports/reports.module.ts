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
import { IntakeRepository } from './intake.repository.js';
import { DEFAULT_GATE_LIMITS, ReceiptGate } from './receipt-gate.js';
import { ReceiptHasher } from './receipt-hasher.js';
import { receiptPepperProvider } from './receipt-pepper.js';
import { ReportIntakeService } from './report-intake.service.js';
import { ReporterPagesController } from './reporter-pages.controller.js';
import { ReporterController } from './reporter.controller.js';
import { CommitteeController } from './committee.controller.js';
import { CommitteePagesController } from './committee-pages.controller.js';
import { CommitteeRepository } from './committee.repository.js';
import { CommitteeService } from './committee.service.js';
import { InterpreterCasePagesController } from './interpreter-case-pages.controller.js';
import { InterpreterCasesController } from './interpreter-cases.controller.js';
import { InterpreterCasesRepository } from './interpreter-cases.repository.js';
import { InterpreterCasesService } from './interpreter-cases.service.js';
import { MaintenanceRepository } from './maintenance.repository.js';
import { ReportMaintenance } from './report-maintenance.js';
import { ReportsClock } from './reports-clock.js';
import { DemoReports } from './demo-reports.js';
import { ReportKeyRotation } from './report-key-rotation.js';
import { SealedValuesRepository } from './sealed-values.repository.js';

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
  controllers: [
    ReporterController,
    ReporterPagesController,
    ReportCasesController,
    ReportCasePagesController,
    CommitteeController,
    CommitteePagesController,
    InterpreterCasesController,
    InterpreterCasePagesController,
  ],
  providers: [
    ReportsClock,
    CommitteeRepository,
    CommitteeService,
    InterpreterCasesRepository,
    InterpreterCasesService,
    MaintenanceRepository,
    ReportMaintenance,
    CasesRepository,
    ReportCasesService,
    IntakeRepository,
    ReceiptHasher,
    {
      provide: ReceiptGate,
      inject: [ReportsClock],
      // The reports clock, so tests can watch a lockout end (it cannot move in production).
      useFactory: (clock: ReportsClock) =>
        new ReceiptGate(DEFAULT_GATE_LIMITS, () => clock.now().getTime()),
    },
    receiptPepperProvider,
    ReportIntakeService,
    DemoReports,
    SealedValuesRepository,
    ReportKeyRotation,
  ],
  exports: [
    ReportsClock,
    ReportCasesService,
    ReportIntakeService,
    InterpreterCasesService,
    DemoReports,
    ReportKeyRotation,
  ],
})
export class ReportsModule {}
