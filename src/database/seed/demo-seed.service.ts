import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { DemoApplications } from '../../applications/demo-applications.js';
import { AuditService } from '../../audit/audit.service.js';
import type { DatabaseConfig } from '../../config/configuration.js';
import { DemoReports } from '../../reports/demo-reports.js';
import { registerIsEmpty, seedDemoRegister } from './demo-seeder.js';

/** On the first start of an empty database (the embedded default), fill it with the demo register. */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ConfigService,
    private readonly audit: AuditService,
    private readonly demoApplications: DemoApplications,
    private readonly demoReports: DemoReports,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.getOrThrow<DatabaseConfig>('database').seedDemo) return;
    if (!(await registerIsEmpty(this.dataSource))) return;
    const started = Date.now();
    const result = await seedDemoRegister(this.dataSource, {}, this.audit);
    this.logger.log(
      `Demo register created: ${result.entriesInForce} entries in force for ${result.personsInForce} persons ` +
        `(what search and statistics show), plus ${result.persons - result.personsInForce} persons whose ` +
        `entries are suspended, excluded or inactive; ${result.entries} entries in all (${Date.now() - started} ms)`,
    );
    // A queue of applications at every step, for the case handlers' pages.
    await this.demoApplications.seed();
    // Reports about interpreters at every step, for the reports queue and the committee.
    await this.demoReports.seed();
  }
}
