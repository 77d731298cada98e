import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import * as oidc from 'openid-client';
import { DataSource } from 'typeorm';
import type { AppConfig, AuthConfig, OidcProviderConfig } from '../config/configuration.js';
import {
  type InterpreterIdentity,
  InterpretersService,
} from '../interpreters/interpreters.service.js';
import { isValidNationalId } from '../interpreters/national-id.js';
import {
  type SyntheticApplicant,
  SyntheticPopulation,
} from '../population/synthetic-population.js';
import { acrIsSufficient, REQUIRED_ACR } from './acr.js';
import { LoginAttemptsRepository } from './login-attempts.repository.js';
import { hashToken } from './sessions.service.js';
import { UsersService } from './users.service.js';
import {
  startTestIdentityProvider,
  type RunningTestIdentityProvider,
  type TestAccount,
} from './test-identity-provider.js';

export const LOGIN_PROVIDERS = ['idporten', 'staff'] as const;
export type LoginProvider = (typeof LOGIN_PROVIDERS)[number];

/** Why a login was refused; stored in the failed-login audit row (never a token or identity number). */
export type LoginFailure =
  | 'no_matching_login'
  | 'provider_error'
  | 'token_rejected'
  | 'acr_too_low'
  | 'no_identity'
  | 'unknown_staff';

export class LoginRefused extends Error {
  constructor(readonly reason: LoginFailure) {
    super(`login refused: ${reason}`);
  }
}

export interface VerifiedLogin {
  provider: LoginProvider;
  subject: string;
  nationalId: string | null;
  name: string;
  acr: string | null;
  returnTo: string;
}

/** ID-porten signs ID tokens with RS256; so does the built-in test provider. */
export const ID_TOKEN_ALG = 'RS256';

/** Pending logins live ten minutes. */
export const LOGIN_TTL_MINUTES = 10;

/**
 * The relying party for both identity providers: ID-porten for citizens and
 * the directorate's staff login. Authorization code flow with PKCE, state and
 * nonce (openid-client); ID token signatures, issuer, audience, expiry and
 * nonce are verified, and ID-porten logins must reach level substantial.
 * With no provider configured (demo and development), the built-in test
 * identity provider stands in for the missing one.
 */
@Injectable()
export class OidcService implements OnApplicationShutdown {
  private readonly logger = new Logger(OidcService.name);
  private readonly configurations = new Map<LoginProvider, Promise<oidc.Configuration>>();
  private providers: Promise<Record<LoginProvider, OidcProviderConfig>> | undefined;
  private testIdp: RunningTestIdentityProvider | undefined;

  constructor(
    private readonly config: ConfigService,
    private readonly dataSource: DataSource,
    private readonly loginAttempts: LoginAttemptsRepository,
    private readonly users: UsersService,
    private readonly interpreters: InterpretersService,
    /** Null when the real population register is in use: then no synthetic applicants. */
    @Inject(SyntheticPopulation) private readonly population: SyntheticPopulation | null,
  ) {}

  private get auth(): AuthConfig {
    return this.config.getOrThrow<AuthConfig>('auth');
  }

  /** Whether the built-in test identity provider stands in for a real one. */
  usesTestIdentityProvider(): boolean {
    return !this.auth.idporten || !this.auth.staff;
  }

  /** Where the register is reached; the identity providers send people back here. */
  get publicBaseUrl(): string {
    return this.auth.publicBaseUrl;
  }

  redirectUri(provider: LoginProvider): string {
    return `${this.auth.publicBaseUrl}/auth/${provider}/callback`;
  }

  /** The built-in test identity provider, when it runs (tests use its key to forge tokens). */
  async testIdentityProvider(): Promise<RunningTestIdentityProvider | undefined> {
    await this.providerSettings();
    return this.testIdp;
  }

  private providerSettings(): Promise<Record<LoginProvider, OidcProviderConfig>> {
    this.providers ??= this.resolveProviders();
    return this.providers;
  }

  private async resolveProviders(): Promise<Record<LoginProvider, OidcProviderConfig>> {
    const { idporten, staff } = this.auth;
    if (idporten && staff) return { idporten, staff };
    const secret = () => randomBytes(24).toString('base64url');
    const local = {
      idporten: { clientId: 'tolkeregister-idporten', clientSecret: secret() },
      staff: { clientId: 'tolkeregister-staff', clientSecret: secret() },
    };
    const app = this.config.getOrThrow<AppConfig>('app');
    this.testIdp = await startTestIdentityProvider({
      host: app.host === '0.0.0.0' ? '127.0.0.1' : app.host,
      port: this.auth.testIdpPort,
      clients: LOGIN_PROVIDERS.map((p) => ({
        ...local[p],
        redirectUri: this.redirectUri(p),
        kind: p === 'idporten' ? 'citizen' : 'staff',
      })),
      accounts: (kind) => this.testAccounts(kind),
      findAccount: (sub) => this.testAccount(sub),
    });
    this.logger.warn(
      `Built-in TEST identity provider at ${this.testIdp.issuer} (no passwords; never for production)`,
    );
    const issuer = this.testIdp.issuer;
    return {
      idporten: idporten ?? { issuer, ...local.idporten },
      staff: staff ?? { issuer, ...local.staff },
    };
  }

  /** The relying-party configuration for a provider, discovered once. */
  configuration(provider: LoginProvider): Promise<oidc.Configuration> {
    let configuration = this.configurations.get(provider);
    if (!configuration) {
      configuration = this.discover(provider);
      configuration.catch(() => this.configurations.delete(provider));
      this.configurations.set(provider, configuration);
    }
    return configuration;
  }

  private async discover(provider: LoginProvider): Promise<oidc.Configuration> {
    const settings = (await this.providerSettings())[provider];
    const insecure = settings.issuer.startsWith('http://');
    if (insecure && this.config.getOrThrow<AppConfig>('app').env === 'production') {
      throw new Error(`${provider} issuer must use https in production`);
    }
    return oidc.discovery(
      new URL(settings.issuer),
      settings.clientId,
      // The one algorithm accepted for ID tokens: anything else (none, HS256, PS256…) is refused.
      { id_token_signed_response_alg: ID_TOKEN_ALG },
      oidc.ClientSecretBasic(settings.clientSecret),
      {
        execute: [
          // Verify ID token signatures too (openid-client leaves that to TLS by default).
          oidc.enableNonRepudiationChecks,
          ...(insecure ? [oidc.allowInsecureRequests] : []),
        ],
      },
    );
  }

  /** Starts a login: remembers state, nonce and PKCE verifier (hashed key) and gives the provider URL. */
  async start(provider: LoginProvider, returnTo: string): Promise<{ url: string; state: string }> {
    const configuration = await this.configuration(provider);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    await this.loginAttempts.insert({
      stateHash: hashToken(state),
      provider,
      nonce,
      codeVerifier,
      returnTo,
    });
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri(provider),
      scope: 'openid profile',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      ...(provider === 'idporten' ? { acr_values: REQUIRED_ACR } : {}),
    });
    return { url: url.href, state };
  }

  /**
   * Completes a login from the provider's redirect. The state must match the
   * browser's login cookie and a pending login that has not been used: a
   * replayed or foreign callback is refused before any token is fetched.
   */
  async finish(
    provider: LoginProvider,
    callbackUrl: URL,
    browserState: string | undefined,
  ): Promise<VerifiedLogin> {
    const state = callbackUrl.searchParams.get('state');
    if (!state || !browserState || state !== browserState) {
      throw new LoginRefused('no_matching_login');
    }
    const attempt = await this.loginAttempts.consume(hashToken(state), provider, LOGIN_TTL_MINUTES);
    if (!attempt) throw new LoginRefused('no_matching_login');
    if (callbackUrl.searchParams.has('error')) throw new LoginRefused('provider_error');

    let claims: oidc.IDToken | undefined;
    try {
      const configuration = await this.configuration(provider);
      const tokens = await oidc.authorizationCodeGrant(
        configuration,
        new URL(`${this.redirectUri(provider)}${callbackUrl.search}`),
        {
          pkceCodeVerifier: attempt.code_verifier,
          expectedState: state,
          expectedNonce: attempt.nonce,
          idTokenExpected: true,
        },
      );
      claims = tokens.claims();
    } catch (error) {
      this.logger.warn(
        `ID token or code refused (${provider}): ${(error as { code?: string }).code ?? (error as Error).name}`,
      );
      throw new LoginRefused('token_rejected');
    }
    if (!claims) throw new LoginRefused('token_rejected');
    const name = typeof claims.name === 'string' && claims.name ? claims.name : claims.sub;
    const acr = typeof claims.acr === 'string' ? claims.acr : null;

    if (provider === 'idporten') {
      if (!acrIsSufficient(claims.acr)) throw new LoginRefused('acr_too_low');
      const pid = claims.pid;
      if (typeof pid !== 'string' || !isValidNationalId(pid)) throw new LoginRefused('no_identity');
      return {
        provider,
        subject: claims.sub,
        nationalId: pid,
        name,
        acr,
        returnTo: attempt.return_to,
      };
    }
    return {
      provider,
      subject: claims.sub,
      nationalId: null,
      name,
      acr,
      returnTo: attempt.return_to,
    };
  }

  private async testAccounts(kind: 'citizen' | 'staff'): Promise<TestAccount[]> {
    if (kind === 'staff') {
      const staff = await this.users.staffMembers(this.dataSource.manager);
      return staff
        .filter((s) => s.roles.length > 0)
        .slice(0, 50)
        .map((s) => ({ sub: s.subject, name: s.displayName, label: s.roles.join(', ') }));
    }
    // The synthetic applicants first: the people an application starts with.
    const applicants = (this.population?.applicants() ?? []).map(applicantAccount);
    return [...applicants, ...(await this.interpreters.identities(25)).map(citizenAccount)];
  }

  private async testAccount(sub: string): Promise<TestAccount | undefined> {
    if (sub.startsWith('c-')) {
      const id = sub.slice(2);
      if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
      const interpreter = await this.interpreters.identity(id);
      return interpreter && citizenAccount(interpreter);
    }
    if (sub.startsWith(APPLICANT_PREFIX)) {
      const applicant = this.population
        ?.applicants()
        .find((a) => `${APPLICANT_PREFIX}${a.key}` === sub);
      return applicant && applicantAccount(applicant);
    }
    const staff = await this.users.staffMemberBySubject(sub);
    return staff ? { sub, name: staff.displayName, label: 'staff' } : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.testIdp?.close();
    this.testIdp = undefined;
  }
}

const APPLICANT_PREFIX = 'applicant-';

/** A synthetic applicant (not in the register yet) as the test identity provider offers them. */
function applicantAccount(applicant: SyntheticApplicant): TestAccount {
  return {
    sub: `${APPLICANT_PREFIX}${applicant.key}`,
    name: applicant.name,
    pid: applicant.nationalId,
    label: applicant.label,
  };
}

/** An interpreter as the test identity provider offers them: a citizen with their identity number. */
function citizenAccount(interpreter: InterpreterIdentity): TestAccount {
  return {
    sub: `c-${interpreter.id}`,
    name: interpreter.name,
    pid: interpreter.nationalId,
    label: `tolk ${interpreter.interpreterNumber}`,
  };
}
