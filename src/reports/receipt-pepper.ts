import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { decodeAuditKey } from '../audit/audit-key.js';
import type { AppConfig, DatabaseConfig, ReportsConfig } from '../config/configuration.js';

/** Injection token of the receipt pepper (a Buffer of 32 bytes or more). */
export const RECEIPT_PEPPER = Symbol('RECEIPT_PEPPER');

export const RECEIPT_PEPPER_BYTES = 32;

export interface ReceiptPepperSource {
  /** REPORT_RECEIPT_PEPPER, already validated (hex or base64, 32+ bytes). */
  configured: string | undefined;
  dataDir: string;
  production: boolean;
}

/** The embedded default's pepper file, or undefined when the data live in memory. */
export function receiptPepperFilePath(dataDir: string): string | undefined {
  return dataDir.startsWith('memory://') ? undefined : join(dataDir, 'receipt-pepper');
}

/**
 * The key of the receipt codes' lookup index (HMAC-SHA256): the configured
 * REPORT_RECEIPT_PEPPER; otherwise, except in production, the file
 * `$DATA_DIR/receipt-pepper` (created once, mode 0600, hex); with
 * `DATA_DIR=memory://` a random pepper in memory, like the data. Never in
 * the database: with it a thief could test guesses against the index.
 */
export function loadReceiptPepper(source: ReceiptPepperSource): Buffer {
  if (source.configured) {
    const pepper = decodeAuditKey(source.configured);
    if (!pepper) throw new Error('REPORT_RECEIPT_PEPPER must be 32+ bytes in hex or base64.');
    return pepper;
  }
  if (source.production) {
    throw new Error('REPORT_RECEIPT_PEPPER is required when NODE_ENV=production.');
  }
  const path = receiptPepperFilePath(source.dataDir);
  if (path === undefined) return randomBytes(RECEIPT_PEPPER_BYTES);
  if (!existsSync(path)) writeNewPepperFile(path);
  const pepper = decodeAuditKey(readFileSync(path, 'utf8'));
  if (!pepper) throw new Error(`${path} does not hold a receipt pepper (32+ bytes in hex).`);
  return pepper;
}

/**
 * Creates the pepper file readable by its owner only. Linking a finished temp
 * file into place fails if another process got there first, so two processes
 * starting together end up with the same pepper, never half a file.
 */
function writeNewPepperFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, randomBytes(RECEIPT_PEPPER_BYTES).toString('hex') + '\n', { mode: 0o600 });
  try {
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
}

/** The reports module's provider of RECEIPT_PEPPER. */
export const receiptPepperProvider: Provider = {
  provide: RECEIPT_PEPPER,
  inject: [ConfigService],
  useFactory: (config: ConfigService): Buffer =>
    loadReceiptPepper({
      configured: config.getOrThrow<ReportsConfig>('reports').receiptPepper,
      dataDir: config.getOrThrow<DatabaseConfig>('database').dataDir,
      production: config.getOrThrow<AppConfig>('app').env === 'production',
    }),
};
