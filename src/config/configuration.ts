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
  validateSync,
} from 'class-validator';

const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' || value === '1';
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

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
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY?: boolean;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

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
}

/** Validates the environment at start-up and fails with one clear message. */
export function validateEnvironment(raw: Record<string, unknown>): Record<string, unknown> {
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
    if (missing.length > 0) {
      throw new Error(
        `Invalid configuration:\n  - required when NODE_ENV=production: ${missing.join(', ')}`,
      );
    }
  }
  return { ...raw, ...env };
}

export interface AppConfig {
  env: 'production' | 'development' | 'test';
  host: string;
  port: number;
  logLevel: string;
  trustProxy: boolean;
}

export interface DatabaseConfig {
  /** A real PostgreSQL; when absent the embedded PGlite database is used. */
  url: string | undefined;
  /** Where the embedded database keeps its files ("memory://" keeps nothing). */
  dataDir: string;
  /** Fill an empty embedded database with the demo register on start-up. */
  seedDemo: boolean;
  poolSize: number;
}

export const appConfig = registerAs('app', (): AppConfig => {
  const env = (process.env.NODE_ENV ?? 'development') as AppConfig['env'];
  return {
    env,
    host: process.env.HOST ?? '127.0.0.1',
    port: process.env.PORT ? Number(process.env.PORT) : 3000,
    logLevel: process.env.LOG_LEVEL ?? (env === 'test' ? 'silent' : 'info'),
    trustProxy: process.env.TRUST_PROXY === 'true' || process.env.TRUST_PROXY === '1',
  };
});

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
}

function provider(prefix: 'IDPORTEN' | 'STAFF'): OidcProviderConfig | undefined {
  const issuer = process.env[`${prefix}_ISSUER`];
  if (!issuer) return undefined;
  return {
    issuer,
    clientId: process.env[`${prefix}_CLIENT_ID`] ?? '',
    clientSecret: process.env[`${prefix}_CLIENT_SECRET`] ?? '',
  };
}

export const authConfig = registerAs('auth', (): AuthConfig => {
  const port = process.env.PORT ? Number(process.env.PORT) : 3000;
  return {
    publicBaseUrl: process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
    idporten: provider('IDPORTEN'),
    staff: provider('STAFF'),
    testIdpPort: process.env.TEST_IDP_PORT ? Number(process.env.TEST_IDP_PORT) : port + 1,
    sessionIdleMinutes: Number(process.env.SESSION_IDLE_MINUTES ?? 30),
    sessionAbsoluteHours: Number(process.env.SESSION_ABSOLUTE_HOURS ?? 8),
  };
});

export const databaseConfig = registerAs('database', (): DatabaseConfig => {
  const url = process.env.DATABASE_URL || undefined;
  const seed = process.env.SEED_DEMO;
  return {
    url,
    dataDir: process.env.DATA_DIR ?? './data',
    seedDemo:
      seed === undefined || seed === '' ? url === undefined : seed === 'true' || seed === '1',
    poolSize: process.env.DATABASE_POOL_SIZE ? Number(process.env.DATABASE_POOL_SIZE) : 10,
  };
});

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

export const cardConfig = registerAs('cards', (): CardConfig => ({
  signingKeys: process.env.CARD_SIGNING_KEYS || undefined,
  keysFile: process.env.CARD_KEYS_FILE || undefined,
  validityYears: Number(process.env.CARD_VALIDITY_YEARS ?? 5),
  codeMinutes: Number(process.env.CARD_CODE_MINUTES ?? 3),
  verifyRateLimit: Number(process.env.CARD_VERIFY_RATE_LIMIT ?? 120),
}));
