import { startTestIdentityProvider } from '../auth/test-identity-provider.js';
import type { InterpretersService } from '../interpreters/interpreters.service.js';
import { SyntheticPopulation } from '../population/synthetic-population.js';
import { validateEnvironment } from './configuration.js';

/** A production environment with everything but the card keys. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db/tolk',
  PUBLIC_BASE_URL: 'https://tolkeregister.example',
  IDPORTEN_ISSUER: 'https://idporten.example',
  IDPORTEN_CLIENT_ID: 'a',
  IDPORTEN_CLIENT_SECRET: 'b',
  STAFF_ISSUER: 'https://login.example',
  STAFF_CLIENT_ID: 'c',
  SMTP_URL: 'smtp://mail.example:587',
  MAIL_FROM: 'Tolkeregisteret <ikke-svar@tolkeregister.example>',
  STAFF_CLIENT_SECRET: 'd',
  AUDIT_HMAC_KEY: 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE',
  FOLKEREGISTER_URL: 'https://folkeregisteret.api.example',
  FOLKEREGISTER_TOKEN: 'token',
  REPORT_KEYS: 'r1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE',
  REPORT_RECEIPT_PEPPER: 'AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI',
};

describe('configuration', () => {
  it('needs nothing for the embedded default', () => {
    expect(() => validateEnvironment({})).not.toThrow();
  });

  it('names every bad setting', () => {
    expect(() => validateEnvironment({ PORT: 'abc', DATABASE_URL: 'mysql://x' })).toThrow(
      /PORT[\s\S]*DATABASE_URL must be a postgres:\/\/ URL/,
    );
  });

  it('refuses production without PostgreSQL and real identity providers', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(
      /DATABASE_URL, PUBLIC_BASE_URL, IDPORTEN_ISSUER, IDPORTEN_CLIENT_ID, IDPORTEN_CLIENT_SECRET, STAFF_ISSUER/,
    );
    expect(() =>
      validateEnvironment({ ...PRODUCTION, CARD_KEYS_FILE: '/run/secrets/card-keys.json' }),
    ).not.toThrow();
  });

  it('refuses production with a plain-http public address or identity provider, except on loopback', () => {
    const keyed = { ...PRODUCTION, CARD_KEYS_FILE: '/run/secrets/card-keys.json' };
    expect(() =>
      validateEnvironment({ ...keyed, IDPORTEN_ISSUER: 'http://idporten.example' }),
    ).toThrow(/must be https:\/\/ when NODE_ENV=production .*: IDPORTEN_ISSUER/);
    expect(() =>
      validateEnvironment({ ...keyed, PUBLIC_BASE_URL: 'http://tolkeregister.example' }),
    ).toThrow(/PUBLIC_BASE_URL/);
    expect(() =>
      validateEnvironment({ ...keyed, PUBLIC_BASE_URL: 'http://127.0.0.1:3000' }),
    ).not.toThrow();
  });

  it('refuses production without the population register (no synthetic population there)', () => {
    const keyed = { ...PRODUCTION, CARD_KEYS_FILE: '/run/secrets/card-keys.json' };
    const without = Object.fromEntries(
      Object.entries(keyed).filter(([key]) => !key.startsWith('FOLKEREGISTER_')),
    );
    expect(() => validateEnvironment(without)).toThrow(
      /required when NODE_ENV=production: FOLKEREGISTER_URL, FOLKEREGISTER_TOKEN/,
    );
    expect(() =>
      validateEnvironment({ ...keyed, FOLKEREGISTER_URL: 'http://folkeregisteret.example' }),
    ).toThrow(/must be https:\/\/ when NODE_ENV=production .*: FOLKEREGISTER_URL/);
  });

  it('wants the population register URL and its token together', () => {
    expect(() => validateEnvironment({ FOLKEREGISTER_URL: 'http://127.0.0.1:9' })).toThrow(
      /FOLKEREGISTER_URL needs FOLKEREGISTER_TOKEN/,
    );
    expect(() => validateEnvironment({ FOLKEREGISTER_TOKEN: 't' })).toThrow(
      /FOLKEREGISTER_TOKEN needs FOLKEREGISTER_URL/,
    );
    expect(() =>
      validateEnvironment({
        FOLKEREGISTER_URL: 'https://x.example/api/v1',
        FOLKEREGISTER_TOKEN: 't',
      }),
    ).toThrow(/FOLKEREGISTER_URL must be like/);
  });

  it('refuses production without configured card signing keys', () => {
    expect(() => validateEnvironment(PRODUCTION)).toThrow(
      /required when NODE_ENV=production: CARD_SIGNING_KEYS/,
    );
  });

  it('refuses production without report encryption keys, and names a bad one', () => {
    const keyed = { ...PRODUCTION, CARD_KEYS_FILE: '/run/secrets/card-keys.json' };
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { REPORT_KEYS, ...unkeyed } = keyed;
    expect(() => validateEnvironment(unkeyed)).toThrow(
      /required when NODE_ENV=production: REPORT_KEYS$/,
    );
    expect(() => validateEnvironment({ ...keyed, REPORT_KEYS: '' })).toThrow(/REPORT_KEYS/);
    expect(() => validateEnvironment({ ...keyed, REPORT_KEYS: 'r1:tooshort' })).toThrow(
      /REPORT_KEYS entry 1 \(r1\): the key must be 32 bytes/,
    );
    expect(() => validateEnvironment(keyed)).not.toThrow();
  });

  it('refuses production without the receipt-code pepper, and a short one anywhere', () => {
    const keyed = { ...PRODUCTION, CARD_KEYS_FILE: '/run/secrets/card-keys.json' };
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { REPORT_RECEIPT_PEPPER, ...unpeppered } = keyed;
    expect(() => validateEnvironment(unpeppered)).toThrow(
      /required when NODE_ENV=production: REPORT_RECEIPT_PEPPER$/,
    );
    expect(() => validateEnvironment({ REPORT_RECEIPT_PEPPER: 'c2hvcnQ' })).toThrow(
      /REPORT_RECEIPT_PEPPER must be at least 32 random bytes/,
    );
    expect(() => validateEnvironment({ REPORT_RETENTION_DAYS: '0' })).toThrow(
      /REPORT_RETENTION_DAYS/,
    );
  });

  it('refuses production without a mail server and sender, where mails would only be recorded', () => {
    const keyed = { ...PRODUCTION, CARD_KEYS_FILE: '/run/secrets/card-keys.json' };
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { SMTP_URL, MAIL_FROM, ...unmailed } = keyed;
    expect(() => validateEnvironment(unmailed)).toThrow(
      /required when NODE_ENV=production: SMTP_URL, MAIL_FROM/,
    );
    expect(() => validateEnvironment({ ...keyed, SMTP_URL: 'http://mail.example' })).toThrow(
      /SMTP_URL must be like smtp:\/\/host:587/,
    );
    expect(() => validateEnvironment({ ...keyed, MAIL_FROM: 'nobody' })).toThrow(/MAIL_FROM/);
  });

  it('the built-in test identity provider refuses to run in production', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(
        startTestIdentityProvider({
          host: '127.0.0.1',
          port: 0,
          clients: [],
          accounts: () => Promise.resolve([]),
          findAccount: () => Promise.resolve(undefined),
        }),
      ).rejects.toThrow('must not run in production');
    } finally {
      process.env.NODE_ENV = previous;
    }
  });

  it('the synthetic population register refuses to exist in production', () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() => new SyntheticPopulation({} as InterpretersService)).toThrow(
        'must not be used in production',
      );
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
