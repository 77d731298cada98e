import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { AuditService } from './audit/audit.service.js';
import { registerIsEmpty, seedDemoRegister } from './database/seed/demo-seeder.js';

const USAGE = `Usage: npm run cli -- <command>

  migrate                         apply pending database migrations
  seed [--scale N] [--seed N]     create the demo register (scale 1 = the 2021 register)
       [--reset]                  ...after deleting every interpreter and entry
  audit verify                    check the audit trail's hash chain from the first event

The embedded database (./data) can be used by one process at a time: stop the app first.`;

async function withDatabase<T>(
  work: (dataSource: DataSource, audit: AuditService) => Promise<T>,
): Promise<T> {
  // The CLI seeds explicitly; the automatic first-start seed would get in the way.
  process.env.SEED_DEMO = 'false';
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    return await work(app.get(DataSource), app.get(AuditService));
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate': {
      // Migrations run as the data source starts; report where the schema stands.
      await withDatabase(async (ds) => {
        const rows: Array<{ name: string }> = await ds.query(
          `SELECT name FROM migrations ORDER BY id`,
        );
        console.log(`Schema up to date (${rows.length} migrations applied).`);
      });
      return 0;
    }
    case 'seed': {
      const { values } = parseArgs({
        args: rest,
        options: {
          scale: { type: 'string', default: '1' },
          seed: { type: 'string', default: '2021' },
          reset: { type: 'boolean', default: false },
        },
      });
      const scale = Number(values.scale);
      const seed = Number(values.seed);
      if (!(scale > 0 && scale <= 1000) || !Number.isInteger(seed)) {
        console.error('--scale must be a number in (0, 1000] and --seed an integer');
        return 2;
      }
      return withDatabase(async (ds, audit) => {
        if (values.reset) {
          await ds.query(`TRUNCATE interpreters CASCADE`);
        } else if (!(await registerIsEmpty(ds))) {
          console.error('The register is not empty. Use --reset to replace it with demo data.');
          return 1;
        }
        const started = Date.now();
        const result = await seedDemoRegister(ds, { scale, seed }, audit);
        console.log(
          `Seeded ${result.persons} persons, ${result.entries} entries, ${result.evidence} evidence rows in ${Date.now() - started} ms.`,
        );
        return 0;
      });
    }
    case 'audit': {
      if (rest[0] !== 'verify') {
        console.log(USAGE);
        return 2;
      }
      return withDatabase(async (_ds, audit) => {
        const { events, firstBreak } = await audit.verify();
        if (firstBreak) {
          console.error(
            `Audit trail BROKEN at event #${firstBreak.seq} (${firstBreak.reason} mismatch); ${events} events read.`,
          );
          return 1;
        }
        console.log(`Audit trail intact: ${events} events, every hash and link checked.`);
        return 0;
      });
    }
    default:
      console.log(USAGE);
      return command === undefined || command === 'help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
