import { registerAs } from '@nestjs/config';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidateBy,
  validateSync,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isIP } from 'node:net';
import { decodeAuditKey } from '../audit/audit-key.js';
import { reportKeysProblem } from '../sealing/sealing-keys.js';

const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' || value === '1';
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/**
 * TRUST_PROXY: nothing (the default: the client address is the TCP peer), a
 * hop count (how many proxies stand in front, e.g. `1`), or a comma-separated
 * list of proxy addresses and CIDR ranges (`10.0.0.5,10.1.0.0/16`). Never
 * "trust every hop": then anyone could choose the address that rate limits
 * and the audit trail see by sending X-Forwarded-For.
 */
export type TrustProxy = false | number | string[];

const PROXY_ADDRESS = /^(?:[0-9.]+|[0-9a-fA-F:.]+)(?:\/\d{1,3})?$/;

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => {
    const address = entry.split('/')[0];
    return !PROXY_ADDRESS.test(entry) || isIP(address) === 0;
  });
  if (bad !== undefined) {
    throw new Error(
      `TRUST_PROXY must be a hop count or proxy addresses/CIDR ranges, not "${bad}"` +
        (text === 'true' ? ' (trusting every hop lets clients forge their address)' : ''),
    );
  }
  return entries;
}

@ValidatorConstraint({ name: 'trustProxy' })
class IsTrustProxy implements ValidatorConstraintInterface {
  private message = '';

  validate(value: unknown): boolean {
    try {
      parseTrustProxy(String(value));
      return true;
    } catch (error) {
      this.message = (error as Error).message;
      return false;
    }
  }

  defaultMessage(): string {
    return this.message;
  }
}

/** Every setting the app reads from the environment. All optional: the embedded default needs none. */
class Environment {
  @IsOptional()
  @IsIn(['production', 'development', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @IsString()
  @Validate(IsTrustProxy)
  TRUST_PROXY?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  SIGN_IN_RATE_LIMIT?: number;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_MIGRATION_URL must be a postgres:// URL' })
  @ValidateBy({
    name: 'withDatabaseUrl',
    validator: {
      validate: (_value, args) => Boolean((args?.object as Environment).DATABASE_URL),
      defaultMessage: () =>
        'DATABASE_MIGRATION_URL (the schema owner) needs DATABASE_URL (the role the app serves as)',
    },
  })
  DATABASE_MIGRATION_URL?: string;

  @IsOptional()
  @ValidateBy({
    name: 'auditKey',
    validator: {
      validate: (value) => typeof value === 'string' && decodeAuditKey(value) !== undefined,
      defaultMessage: () =>
        'AUDIT_HMAC_KEY must be at least 32 random bytes in hex or base64 (openssl rand -base64 32)',
    },
  })
  AUDIT_HMAC_KEY?: string;

  @IsOptional()
  @ValidateBy({
    name: 'reportKeys',
    validator: {
      validate: (value) => typeof value === 'string' && reportKeysProblem(value) === undefined,
      defaultMessage: (args) =>
        typeof args?.value === 'string'
          ? (reportKeysProblem(args.value) ?? 'REPORT_KEYS is not valid')
          : 'REPORT_KEYS must be a list of kid:key',
    },
  })
  REPORT_KEYS?: string;

  @IsOptional()
  @ValidateBy({
    name: 'receiptPepper',
    validator: {
      validate: (value) => typeof value === 'string' && decodeAuditKey(value) !== undefined,
      defaultMessage: () =>
        'REPORT_RECEIPT_PEPPER must be at least 32 random bytes in hex or base64 (openssl rand -base64 32)',
    },
  })
  REPORT_RECEIPT_PEPPER?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36500)
  REPORT_RETENTION_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36500)
  REPORT_RECEIPT_INACTIVITY_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REPORT_INTERPRETER_REPLY_DAYS?: number;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE?: number;

  @IsOptional()
  @Matches(/^https?:\/\/[^/]+$/, {
    message: 'PUBLIC_BASE_URL must be like https://tolkeregister.no (no path)',
  })
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'IDPORTEN_ISSUER must be an http(s) URL' })
  IDPORTEN_ISSUER?: string;

  @IsOptional()
  @IsString()
  IDPORTEN_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  IDPORTEN_CLIENT_SECRET?: string;

  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'STAFF_ISSUER must be an http(s) URL' })
  STAFF_ISSUER?: string;

  @IsOptional()
  @IsString()
  STAFF_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  STAFF_CLIENT_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  TEST_IDP_PORT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(240)
  SESSION_IDLE_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24)
  SESSION_ABSOLUTE_HOURS?: number;

  @IsOptional()
  @IsString()
  CARD_SIGNING_KEYS?: string;

  @IsOptional()
  @IsString()
  CARD_KEYS_FILE?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  CARD_VALIDITY_YEARS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  CARD_CODE_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  CARD_VERIFY_RATE_LIMIT?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  JOBS_ENABLED?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  JOBS_POLL_SECONDS?: number;

  @IsOptional()
  @Matches(/^smtps?:\/\/[^/?#]+(?:\/?\?.*)?$/, {
    message: 'SMTP_URL must be like smtp://host:587 or smtps://user:password@host:465',
  })
  SMTP_URL?: string;

  @IsOptional()
  @Matches(/^(?:[^<>@\s][^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, {
    message: 'MAIL_FROM must be an address, e.g. "Tolkeregisteret <ikke-svar@tolkeregister.no>"',
  })
  MAIL_FROM?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  MAIL_RETRY_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  MAIL_SWEEP_SECONDS?: number;

  @IsOptional()
  @IsIn(['database', 'folder'])
  UPLOAD_STORAGE?: string;

  @IsOptional()
  @IsString()
  UPLOAD_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(64 * 1024)
  @Max(64 * 1024 * 1024)
  UPLOAD_MAX_BYTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1_000_000)
  @Max(268_402_689)
  UPLOAD_MAX_PIXELS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  IMPORT_MAX_BYTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  IMPORT_MAX_ROWS?: number;

  @IsOptional()
  @Matches(/^https?:\/\/[^/?#]+\/?$/, {
    message: 'FOLKEREGISTER_URL must be like https://folkeregisteret.api.skatteetaten.no (no path)',
  })
  @ValidateBy({
    name: 'withFolkeregisterToken',
    validator: {
      validate: (_value, args) => Boolean((args?.object as Environment).FOLKEREGISTER_TOKEN),
      defaultMessage: () => 'FOLKEREGISTER_URL needs FOLKEREGISTER_TOKEN (the bearer token)',
    },
  })
  FOLKEREGISTER_URL?: string;

  @IsOptional()
  @IsString()
  @ValidateBy({
    name: 'withFolkeregisterUrl',
    validator: {
      validate: (_value, args) => Boolean((args?.object as Environment).FOLKEREGISTER_URL),
      defaultMessage: () => 'FOLKEREGISTER_TOKEN needs FOLKEREGISTER_URL',
    },
  })
  FOLKEREGISTER_TOKEN?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  FOLKEREGISTER_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  FOLKEREGISTER_MAX_ATTEMPTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  FOLKEREGISTER_MAX_RETRY_WAIT_MS?: number;
}

function isHttpsOrLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return (
    protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(hostname.toLowerCase())
  );
}

/** Validates the environment at start-up and fails with one clear message. */
export function validateEnvironment(
  raw: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const env = plainToInstance(Environment, raw, { enableImplicitConversion: false });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    throw new Error(`Invalid configuration:\n  - ${lines.join('\n  - ')}`);
  }
  // The embedded database and the built-in test identity provider are for
  // demos and development; production runs on PostgreSQL and real providers.
  if (env.NODE_ENV === 'production') {
    const missing = [
      'DATABASE_URL',
      'PUBLIC_BASE_URL',
      'IDPORTEN_ISSUER',
      'IDPORTEN_CLIENT_ID',
      'IDPORTEN_CLIENT_SECRET',
      'STAFF_ISSUER',
      'STAFF_CLIENT_ID',
      'STAFF_CLIENT_SECRET',
    ].filter((key) => !env[key as keyof Environment]);
    // Cards must verify on every instance and survive a redeploy: the keys
    // come from a secret store, never generated on the fly.
    if (!env.CARD_SIGNING_KEYS && !env.CARD_KEYS_FILE) missing.push('CARD_SIGNING_KEYS');
    // A generated audit key would sit beside the data it protects.
    if (!env.AUDIT_HMAC_KEY) missing.push('AUDIT_HMAC_KEY');
    // Report texts and reporters' identities: a key beside the data would protect nothing.
    if (!env.REPORT_KEYS) missing.push('REPORT_KEYS');
    // The receipt codes' lookup key: in the database it would let a thief test codes.
    if (!env.REPORT_RECEIPT_PEPPER) missing.push('REPORT_RECEIPT_PEPPER');
    // The synthetic population register is for demos and development only.
    if (!env.FOLKEREGISTER_URL) missing.push('FOLKEREGISTER_URL');
    if (!env.FOLKEREGISTER_TOKEN) missing.push('FOLKEREGISTER_TOKEN');
    // Without them notifications would only be recorded, never reach anyone.
    if (!env.SMTP_URL) missing.push('SMTP_URL');
    if (!env.MAIL_FROM) missing.push('MAIL_FROM');
    if (missing.length > 0) {
      throw new Error(
        `Invalid configuration:\n  - required when NODE_ENV=production: ${missing.join(', ')}`,
      );
    }
    // Sign-in sends codes and cookies over these, and the population register
    // lookup identity numbers and a token: plain http only on this machine.
    const insecure = (
      ['PUBLIC_BASE_URL', 'IDPORTEN_ISSUER', 'STAFF_ISSUER', 'FOLKEREGISTER_URL'] as const
    ).filter((key) => !isHttpsOrLoopback(env[key]!));
    if (insecure.length > 0) {
      throw new Error(
        `Invalid configuration:\n  - must be https:// when NODE_ENV=production (http only on loopback): ${insecure.join(', ')}`,
      );
    }
  }
  // Files in a folder need a folder that outlives the process.
  if (
    env.UPLOAD_STORAGE === 'folder' &&
    !env.UPLOAD_DIR &&
    (env.DATA_DIR ?? './data').startsWith('memory://')
  ) {
    throw new Error(
      'Invalid configuration:\n  - UPLOAD_STORAGE=folder needs UPLOAD_DIR when DATA_DIR is memory://',
    );
  }
  return { ...raw, ...env };
}

export interface AppConfig {
  env: 'production' | 'development' | 'test';
  host: string;
  port: number;
  logLevel: string;
  /** Which reverse proxies to believe about the client address (see parseTrustProxy). */
  trustProxy: TrustProxy;
}

export interface DatabaseConfig {
  /** A real PostgreSQL; when absent the embedded PGlite database is used. */
  url: string | undefined;
  /**
   * The role that owns the schema and runs the migrations; then `url` is a
   * role that may not rewrite the audit trail. Absent: `url` does both.
   */
  migrationUrl: string | undefined;
  /** Where the embedded database keeps its files ("memory://" keeps nothing). */
  dataDir: string;
  /** Fill an empty embedded database with the demo register on start-up. */
  seedDemo: boolean;
  poolSize: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function appSection(env: Env): AppConfig {
  const mode = (env.NODE_ENV ?? 'development') as AppConfig['env'];
  return {
    env: mode,
    host: env.HOST ?? '127.0.0.1',
    port: env.PORT ? Number(env.PORT) : 3000,
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}

export interface OidcProviderConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface AuthConfig {
  publicBaseUrl: string;
  /** Real providers; when both are absent the built-in test identity provider serves both. */
  idporten: OidcProviderConfig | undefined;
  staff: OidcProviderConfig | undefined;
  testIdpPort: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Sign-in starts and callbacks per minute per client address. */
  signInRateLimit: number;
}

function provider(env: Env, prefix: 'IDPORTEN' | 'STAFF'): OidcProviderConfig | undefined {
  const issuer = env[`${prefix}_ISSUER`];
  if (!issuer) return undefined;
  return {
    issuer,
    clientId: env[`${prefix}_CLIENT_ID`] ?? '',
    clientSecret: env[`${prefix}_CLIENT_SECRET`] ?? '',
  };
}

function authSection(env: Env): AuthConfig {
  const port = env.PORT ? Number(env.PORT) : 3000;
  return {
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
    idporten: provider(env, 'IDPORTEN'),
    staff: provider(env, 'STAFF'),
    testIdpPort: env.TEST_IDP_PORT ? Number(env.TEST_IDP_PORT) : port + 1,
    sessionIdleMinutes: Number(env.SESSION_IDLE_MINUTES ?? 30),
    sessionAbsoluteHours: Number(env.SESSION_ABSOLUTE_HOURS ?? 8),
    signInRateLimit: Number(env.SIGN_IN_RATE_LIMIT ?? 30),
  };
}

function databaseSection(env: Env): DatabaseConfig {
  const url = env.DATABASE_URL || undefined;
  const seed = env.SEED_DEMO;
  return {
    url,
    migrationUrl: env.DATABASE_MIGRATION_URL || undefined,
    dataDir: env.DATA_DIR ?? './data',
    seedDemo:
      seed === undefined || seed === '' ? url === undefined : seed === 'true' || seed === '1',
    poolSize: env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : 10,
  };
}

export interface CardConfig {
  /** A JSON array of private Ed25519 JWKs; the first signs, all verify. */
  signingKeys: string | undefined;
  /** A key file ({"keys": [...]}) used when signingKeys is not set. */
  keysFile: string | undefined;
  validityYears: number;
  /** How long a code on the digital card works before the page shows a new one. */
  codeMinutes: number;
  /** Card checks per minute per client address. */
  verifyRateLimit: number;
}

function cardSection(env: Env): CardConfig {
  return {
    signingKeys: env.CARD_SIGNING_KEYS || undefined,
    keysFile: env.CARD_KEYS_FILE || undefined,
    validityYears: Number(env.CARD_VALIDITY_YEARS ?? 5),
    codeMinutes: Number(env.CARD_CODE_MINUTES ?? 3),
    verifyRateLimit: Number(env.CARD_VERIFY_RATE_LIMIT ?? 120),
  };
}

export interface AuditConfig {
  /** AUDIT_HMAC_KEY; when absent (not in production) a generated key in DATA_DIR. */
  hmacKey: string | undefined;
}

function auditSection(env: Env): AuditConfig {
  return { hmacKey: env.AUDIT_HMAC_KEY || undefined };
}

export interface ReportsConfig {
  /** REPORT_KEYS (`kid:key`, the first seals, all open); absent (not in production): `$DATA_DIR/report-keys.json`. */
  keys: string | undefined;
  /** REPORT_RECEIPT_PEPPER (32+ bytes, hex or base64): the HMAC key of the receipt-code index; absent (not in production): generated beside the report keys. */
  receiptPepper: string | undefined;
  /** REPORT_RETENTION_DAYS: a closed report and its files are deleted this many days after closing (default 730). */
  retentionDays: number;
  /** REPORT_RECEIPT_INACTIVITY_DAYS: a closed report's receipt code stops working after this many days without the reporter using it (default 180). */
  receiptInactivityDays: number;
  /** REPORT_INTERPRETER_REPLY_DAYS: the interpreter's time to give their side, from being told (default 21). */
  interpreterReplyDays: number;
}

function reportsSection(env: Env): ReportsConfig {
  return {
    keys: env.REPORT_KEYS || undefined,
    receiptPepper: env.REPORT_RECEIPT_PEPPER || undefined,
    retentionDays: Number(env.REPORT_RETENTION_DAYS ?? 730),
    receiptInactivityDays: Number(env.REPORT_RECEIPT_INACTIVITY_DAYS ?? 180),
    interpreterReplyDays: Number(env.REPORT_INTERPRETER_REPLY_DAYS ?? 21),
  };
}

export interface PopulationConfig {
  /** Folkeregisteret's "Offentlig med hjemmel" service; absent: the synthetic population (not in production). */
  url: string | undefined;
  /** The bearer token sent to it (until the Maskinporten token source arrives). */
  token: string | undefined;
  /** One request, answer included. */
  timeoutMs: number;
  /** Requests per lookup, the first included. */
  maxAttempts: number;
  /** The longest wait between two requests, whatever Retry-After asks. */
  maxRetryWaitMs: number;
}

function populationSection(env: Env): PopulationConfig {
  return {
    url: env.FOLKEREGISTER_URL || undefined,
    token: env.FOLKEREGISTER_TOKEN || undefined,
    timeoutMs: Number(env.FOLKEREGISTER_TIMEOUT_MS || 3000),
    maxAttempts: Number(env.FOLKEREGISTER_MAX_ATTEMPTS || 3),
    maxRetryWaitMs: Number(env.FOLKEREGISTER_MAX_RETRY_WAIT_MS || 5000),
  };
}

export interface ImportConfig {
  /** The largest register file an import reads; a bigger one is refused while it streams. */
  maxBytes: number;
  /** The most data rows (after the header) an import reads. */
  maxRows: number;
}

export const DEFAULT_IMPORT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_IMPORT_MAX_ROWS = 200_000;

function importSection(env: Env): ImportConfig {
  return {
    maxBytes: env.IMPORT_MAX_BYTES ? Number(env.IMPORT_MAX_BYTES) : DEFAULT_IMPORT_MAX_BYTES,
    maxRows: env.IMPORT_MAX_ROWS ? Number(env.IMPORT_MAX_ROWS) : DEFAULT_IMPORT_MAX_ROWS,
  };
}

export interface UploadConfig {
  /** Where uploaded documents' bytes live: in their database row, or as files in `dir`. */
  storage: 'database' | 'folder';
  /** The folder for `folder` storage (UPLOAD_DIR, default $DATA_DIR/uploads); unset for `database`. */
  dir: string | undefined;
  /** The largest upload taken, in bytes; enforced while the body streams in. */
  maxBytes: number;
  /** The most pixels an uploaded image may have (decompression bombs are refused before decoding). */
  maxPixels: number;
}

function uploadSection(env: Env): UploadConfig {
  const storage = env.UPLOAD_STORAGE === 'folder' ? 'folder' : 'database';
  const dataDir = env.DATA_DIR ?? './data';
  return {
    storage,
    dir:
      storage === 'folder' ? env.UPLOAD_DIR || `${dataDir.replace(/\/+$/, '')}/uploads` : undefined,
    maxBytes: Number(env.UPLOAD_MAX_BYTES ?? 10 * 1024 * 1024),
    maxPixels: Number(env.UPLOAD_MAX_PIXELS ?? 40_000_000),
  };
}

export interface JobsConfig {
  /** Whether this node works jobs (any node may still enqueue them). */
  enabled: boolean;
  /** How often each worker asks the queue for a job. */
  pollSeconds: number;
}

function jobsSection(env: Env): JobsConfig {
  const enabled = env.JOBS_ENABLED;
  return {
    enabled: enabled === undefined || enabled === '' ? true : enabled === 'true' || enabled === '1',
    pollSeconds: Number(env.JOBS_POLL_SECONDS ?? 2),
  };
}

export interface MailConfig {
  /** smtp(s)://[user:password@]host:port; absent: mails are only recorded (never in production). */
  smtpUrl: string | undefined;
  from: string;
  /** The first retry after a failed delivery; later ones back off. */
  retrySeconds: number;
  /** How often the outbox is swept, and how long a pending mail waits before it is queued again. */
  sweepSeconds: number;
}

function mailSection(env: Env): MailConfig {
  return {
    smtpUrl: env.SMTP_URL || undefined,
    from: env.MAIL_FROM || 'Nasjonalt tolkeregister <ikke-svar@tolkeregister.invalid>',
    retrySeconds: Number(env.MAIL_RETRY_SECONDS ?? 30),
    sweepSeconds: Number(env.MAIL_SWEEP_SECONDS ?? 60),
  };
}

/** Every setting, by concern: the one typed view of the environment. */
export interface Settings {
  app: AppConfig;
  database: DatabaseConfig;
  auth: AuthConfig;
  cards: CardConfig;
  audit: AuditConfig;
  reports: ReportsConfig;
  jobs: JobsConfig;
  mail: MailConfig;
  uploads: UploadConfig;
  import: ImportConfig;
  population: PopulationConfig;
}

/**
 * Validates the environment and builds every section from it. The only
 * reader of the environment: everything else gets its settings from here,
 * through ConfigService in the app or directly where no app exists yet (the
 * HTTP adapter's options, the CLI's offline commands).
 */
export function readSettings(env: Env = process.env): Settings {
  validateEnvironment(env);
  return {
    app: appSection(env),
    database: databaseSection(env),
    jobs: jobsSection(env),
    mail: mailSection(env),
    auth: authSection(env),
    uploads: uploadSection(env),
    cards: cardSection(env),
    import: importSection(env),
    audit: auditSection(env),
    reports: reportsSection(env),
    population: populationSection(env),
  };
}
export const jobsConfig = registerAs('jobs', () => readSettings().jobs);
export const mailConfig = registerAs('mail', () => readSettings().mail);

export const appConfig = registerAs('app', () => readSettings().app);
export const uploadConfig = registerAs('uploads', () => readSettings().uploads);
export const databaseConfig = registerAs('database', () => readSettings().database);
export const authConfig = registerAs('auth', () => readSettings().auth);
export const importConfig = registerAs('import', () => readSettings().import);
export const cardConfig = registerAs('cards', () => readSettings().cards);
export const auditConfig = registerAs('audit', () => readSettings().audit);
export const reportsConfig = registerAs('reports', () => readSettings().reports);
export const populationConfig = registerAs('population', () => readSettings().population);

/**
 * Whether this process runs in production, for safeguards that must hold
 * even if the settings were wired wrongly (the built-in test identity
 * provider refuses to start).
 */
export function isProductionProcess(): boolean {
  return process.env.NODE_ENV === 'production';
}

/**
 * The CLI fills the register explicitly: the automatic first-start seed must
 * not run under it. Set before the app's modules read the settings.
 */
export function disableStartupSeed(): void {
  process.env.SEED_DEMO = 'false';
}

/**
 * A CLI command is no app node: it may queue jobs (in its transactions) but
 * does not work them. Set before the app's modules read the settings.
 */
export function disableJobWorkers(): void {
  process.env.JOBS_ENABLED = 'false';
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The settings the app was built with, for per-route options Nest cannot inject (rate limits). */
    settings: Settings;
  }
}
