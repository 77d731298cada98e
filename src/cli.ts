import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { AuditService } from './audit/audit.service.js';
import { MigrationsRepository } from './database/migrations.repository.js';
import { emptyRegister, registerIsEmpty, seedDemoRegister } from './database/seed/demo-seeder.js';
import { keysCommand, keySourceFrom, verifyCardOffline } from './cards/cards-cli.js';
import { disableJobWorkers, disableStartupSeed, readSettings } from './config/configuration.js';
import { CardKeysService } from './cards/card-keys.service.js';
import { PrintRunService } from './cards/print-run.service.js';
import { SYSTEM } from './audit/actor.js';
import { exitCode, reportLines } from './register-import/import-cli.js';
import { ReportKeyRotation } from './reports/report-key-rotation.js';
import { keyStatusLines, rekeyLines } from './reports/report-keys-cli.js';
import { RegisterImportService } from './register-import/register-import.service.js';

const USAGE = `Usage: npm run cli -- <command>

  migrate                         apply pending database migrations
  seed [--scale N] [--seed N]     create the demo register (scale 1 = the 2021 register)
       [--reset]                  ...after deleting every interpreter and entry
  import FILE.csv                 import an existing register (one row per entry; columns
         [--dry-run]              in README.md); with errors nothing is written, unless
         [--skip-bad-rows]        --skip-bad-rows; --dry-run only checks and reports
  audit verify                    check the audit trail's keyed hash chain (AUDIT_HMAC_KEY)
                                  from the first event
  cards print --out FILE          render current cards to one PDF for the card printer
        [--interpreter N] [--since YYYY-MM-DD]
  cards url --interpreter N       print the verification URL of a person's current card
  cards verify TOKEN-OR-URL       check a card's signature and expiry offline (no database)
        [--jwks FILE-OR-URL]      ...against a published JWKS instead of this installation's keys
        [--status FILE-OR-URL]    ...and a downloaded status list (/.well-known/card-status.jwt)
  cards keys list|rotate|retire KID|generate
                                  manage the card signing keys in the key file; retire
                                  also stops every running instance accepting the key
  reports rekey [--batch N]       re-seal every report value still under an older key
                                  with the first key in REPORT_KEYS (counts only)
  reports key-status              count report values per key id, to know when an
                                  older key can be dropped from REPORT_KEYS

The embedded database (./data) can be used by one process at a time: stop the app first.`;

async function withDatabase<T>(
  work: (dataSource: DataSource, audit: AuditService, app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  // The CLI seeds explicitly; the automatic first-start seed would get in the way.
  disableStartupSeed();
  disableJobWorkers();
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    return await work(app.get(DataSource), app.get(AuditService), app);
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate': {
      // Migrations run as the data source starts; report where the schema stands.
      await withDatabase(async (_ds, _audit, app) => {
        const applied = await app.get(MigrationsRepository).applied();
        console.log(`Schema up to date (${applied.length} migrations applied).`);
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
          await emptyRegister(ds);
        } else if (!(await registerIsEmpty(ds))) {
          console.error('The register is not empty. Use --reset to replace it with demo data.');
          return 1;
        }
        const started = Date.now();
        const result = await seedDemoRegister(ds, { scale, seed }, audit);
        console.log(
          `Seeded ${result.persons} persons (${result.personsInForce} with entries in force), ` +
            `${result.entries} entries (${result.entriesInForce} in force), ` +
            `${result.evidence} evidence rows in ${Date.now() - started} ms.`,
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
        const { events, keyId, firstBreak } = await audit.verify();
        if (firstBreak?.reason === 'key') {
          console.error(
            `Audit trail BROKEN at event #${firstBreak.seq}: not hashed with the configured key ` +
              `(key id ${keyId}). It names another key or none: written under another ` +
              `AUDIT_HMAC_KEY, before the chain was keyed (a development ./data from then ` +
              `cannot be verified: start with an empty one), or altered. ${events} events read.`,
          );
          return 1;
        }
        if (firstBreak) {
          console.error(
            `Audit trail BROKEN at event #${firstBreak.seq} (${firstBreak.reason} mismatch); ${events} events read.`,
          );
          return 1;
        }
        console.log(
          `Audit trail intact: ${events} events, every keyed hash (key id ${keyId}) and link checked.`,
        );
        return 0;
      });
    }
    case 'import':
      return importCommand(rest);
    case 'cards':
      return cardsCommand(rest);
    case 'reports':
      return reportsCommand(rest);
    default:
      console.log(USAGE);
      return command === undefined || command === 'help' ? 0 : 2;
  }
}

async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      'skip-bad-rows': { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) {
    console.error('Usage: import <file.csv> [--dry-run] [--skip-bad-rows]');
    return 2;
  }
  const file = positionals[0];
  if (!existsSync(file)) {
    console.error(`No such file: ${file}`);
    return 2;
  }
  const dryRun = values['dry-run'] ?? false;
  return withDatabase(async (_ds, _audit, app) => {
    const imports = app.get(RegisterImportService);
    const source = createReadStream(file);
    const report = dryRun
      ? await imports.analyse(source)
      : await imports.import(source, SYSTEM, { skipBadRows: values['skip-bad-rows'] ?? false });
    const code = exitCode(report);
    for (const line of reportLines(report, dryRun))
      (code === 0 ? console.log : console.error)(line);
    return code;
  });
}

async function reportsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'rekey' && sub !== 'key-status') {
    console.log(USAGE);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { batch: { type: 'string' } } });
  const batchSize = values.batch === undefined ? undefined : Number(values.batch);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1)) {
    console.error('--batch must be a whole number of rows, at least 1');
    return 2;
  }
  return withDatabase(async (_ds, _audit, app) => {
    const rotation = app.get(ReportKeyRotation);
    const outcome =
      sub === 'rekey'
        ? rekeyLines(await rotation.rekeyAll({ batchSize }))
        : keyStatusLines(await rotation.status());
    for (const line of outcome.lines) (outcome.code === 0 ? console.log : console.error)(line);
    return outcome.code;
  });
}

async function cardsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'verify': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { jwks: { type: 'string' }, status: { type: 'string' } },
      });
      if (positionals.length !== 1) {
        console.error(
          'Usage: cards verify <token-or-url> [--jwks <file-or-url>] [--status <file-or-url>]',
        );
        return 2;
      }
      const result = await verifyCardOffline(positionals[0], {
        jwks: values.jwks,
        status: values.status,
        source: keySourceFrom(readSettings()),
      });
      for (const line of result.lines) (result.ok ? console.log : console.error)(line);
      return result.ok ? 0 : 1;
    }
    case 'keys': {
      const result = await keysCommand(rest, keySourceFrom(readSettings()), (kid) =>
        withDatabase((_ds, _audit, app) => app.get(CardKeysService).retireKey(kid, SYSTEM)),
      );
      for (const line of result.lines) (result.code === 0 ? console.log : console.error)(line);
      return result.code;
    }
    case 'print':
    case 'url': {
      const { values } = parseArgs({
        args: rest,
        options: {
          out: { type: 'string' },
          interpreter: { type: 'string' },
          since: { type: 'string' },
        },
      });
      const interpreterNumber =
        values.interpreter === undefined ? undefined : Number(values.interpreter);
      if (interpreterNumber !== undefined && !Number.isInteger(interpreterNumber)) {
        console.error('--interpreter must be an interpreter number');
        return 2;
      }
      if (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.since)) {
        console.error('--since must be a date: YYYY-MM-DD');
        return 2;
      }
      const issuedSince = values.since ? new Date(`${values.since}T00:00:00Z`) : undefined;
      if (issuedSince && Number.isNaN(issuedSince.getTime())) {
        console.error('--since must be a real date');
        return 2;
      }
      if (sub === 'url' ? interpreterNumber === undefined : !values.out) {
        console.error(
          sub === 'url' ? 'Usage: cards url --interpreter N' : 'cards print needs --out FILE',
        );
        return 2;
      }
      return withDatabase(async (_ds, _audit, app) => {
        const runs = app.get(PrintRunService);
        if (sub === 'url') {
          const [card] = await runs.printRun({ interpreterNumber, issuedSince });
          if (!card) {
            console.error('No current card matches.');
            return 1;
          }
          console.log(card.verificationUrl);
          return 0;
        }
        const run = await runs.print({ interpreterNumber, issuedSince }, SYSTEM);
        if (!run) {
          console.error('No current card matches.');
          return 1;
        }
        const { cards, pdf } = run;
        writeFileSync(values.out!, pdf);
        console.log(
          `Wrote ${cards.length} card(s), front and back (${cards.length * 2} pages), to ${values.out}.`,
        );
        return 0;
      });
    }
    default:
      console.log(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
