import { Logger } from '@nestjs/common';
import { isValidNationalId } from '../interpreters/national-id.js';
import { AccessTokenSource } from './access-token-source.js';
import { FregDocumentError, toRegisteredPerson } from './freg-person.js';
import {
  type PopulationLookup,
  PopulationRegister,
  PopulationRegisterUnavailableError,
} from './population-register.js';
import { retryAfterMs } from './retry-after.js';

export interface FregHttpClientOptions {
  /** Where the service is, e.g. https://folkeregisteret.api.skatteetaten.no (no path). */
  baseUrl: string;
  /** One request, answer and body included. */
  timeoutMs: number;
  /** Requests per lookup, the first included. */
  maxAttempts: number;
  /** The longest wait between two requests, whatever Retry-After asks. */
  maxRetryWaitMs: number;
  /** The first backoff after a 5xx, timeout or network error; it doubles, with jitter. */
  backoffBaseMs?: number;
  /** Where warnings go (tests capture them); Nest's logger by default. */
  logger?: Pick<Logger, 'warn' | 'error'>;
}

type Attempt =
  | { kind: 'answer'; lookup: PopulationLookup }
  | { kind: 'retry'; problem: string; retryAfterMs?: number }
  | { kind: 'fatal'; problem: string };

const PATH = '/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/';

/**
 * The population register over HTTP: Skatteetaten's "Offentlig med hjemmel"
 * lookup, one person by identity number, with a bearer token from an
 * AccessTokenSource. 404 with the service's error body is "not found"; 429,
 * 5xx, timeouts and network errors are retried (Retry-After honoured up to
 * maxRetryWaitMs, else exponential backoff with jitter) up to maxAttempts,
 * then PopulationRegisterUnavailableError. Anything else (401, 403, an
 * answer it cannot read) fails at once. The identity number is in the URL
 * only: never in a log line or an error message.
 */
export class FregHttpClient extends PopulationRegister {
  private readonly baseUrl: string;
  private readonly logger: Pick<Logger, 'warn' | 'error'>;

  constructor(
    private readonly tokens: AccessTokenSource,
    private readonly options: FregHttpClientOptions,
  ) {
    super();
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error('The population register URL must be http(s)');
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.logger = options.logger ?? new Logger('PopulationRegister');
  }

  async lookup(nationalId: string): Promise<PopulationLookup> {
    // Checked before it goes into a URL path: 11 digits and nothing else.
    if (!isValidNationalId(nationalId)) {
      throw new RangeError('A population register lookup needs a valid national identity number');
    }
    const url = `${this.baseUrl}${PATH}${nationalId}`;
    const { maxAttempts, maxRetryWaitMs } = this.options;
    let problem = 'no attempt made';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const result = await this.attempt(url, nationalId);
      if (result.kind === 'answer') return result.lookup;
      problem = result.problem;
      if (result.kind === 'fatal') {
        this.logger.error(`Population register lookup failed: ${problem}`);
        throw new PopulationRegisterUnavailableError(
          `The population register could not answer: ${problem}`,
          attempt,
        );
      }
      if (attempt === maxAttempts) break;
      const wait = Math.min(result.retryAfterMs ?? this.backoff(attempt), maxRetryWaitMs);
      this.logger.warn(
        `Population register: ${problem} (attempt ${attempt} of ${maxAttempts}); retrying in ${wait} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    this.logger.error(`Population register unavailable after ${maxAttempts} attempts: ${problem}`);
    throw new PopulationRegisterUnavailableError(
      `The population register did not answer after ${maxAttempts} attempts (${problem})`,
      maxAttempts,
    );
  }

  /** Exponential backoff with equal jitter: half the step fixed, half random. */
  private backoff(attempt: number): number {
    const step = (this.options.backoffBaseMs ?? 200) * 2 ** (attempt - 1);
    return Math.round(step / 2 + Math.random() * (step / 2));
  }

  private async attempt(url: string, nationalId: string): Promise<Attempt> {
    let token: string;
    try {
      token = await this.tokens.token();
    } catch (error) {
      return { kind: 'fatal', problem: `no access token (${describe(error)})` };
    }
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let response: Response;
    let body: string;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        // A redirect would carry the token elsewhere; the service never sends one.
        redirect: 'manual',
        signal,
      });
      body = await response.text();
    } catch (error) {
      return signal.aborted
        ? { kind: 'retry', problem: `no answer within ${this.options.timeoutMs} ms` }
        : { kind: 'retry', problem: `network error (${describe(error)})` };
    }

    const status = response.status;
    if (status === 200) {
      try {
        const person = toRegisteredPerson(JSON.parse(body), nationalId);
        return { kind: 'answer', lookup: { outcome: 'found', person } };
      } catch (error) {
        const why = error instanceof FregDocumentError ? error.message : 'not JSON';
        return { kind: 'fatal', problem: `an answer it could not read (${why})` };
      }
    }
    const code = errorCode(body);
    if (status === 404) {
      // Only the service's own "no such person" counts: a 404 from a wrong
      // URL or a proxy must not say that a person does not exist.
      return code
        ? { kind: 'answer', lookup: { outcome: 'not_found' } }
        : { kind: 'fatal', problem: 'HTTP 404 without the service’s error body (wrong URL?)' };
    }
    const label = `HTTP ${status}${code ? ` ${code}` : ''}`;
    if (status === 429 || status === 408 || status >= 500) {
      return {
        kind: 'retry',
        problem: label,
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      };
    }
    if (status === 401 || status === 403) {
      return { kind: 'fatal', problem: `${label}: the token was refused (scope, expiry?)` };
    }
    return { kind: 'fatal', problem: label };
  }
}

/** The service's error code (e.g. FREG-001) from a body like {"kode": …, "melding": …}. The message is never logged. */
function errorCode(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const code = (parsed as { kode?: unknown } | null)?.kode;
    if (typeof code !== 'string') return undefined;
    return /^[A-Za-z]{1,10}-?\d{1,6}$/.test(code) ? code : 'unrecognised code';
  } catch {
    return undefined;
  }
}

/** An error as a log may show it: its code or name, never its message (which could hold the URL). */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown';
}
