import { createHmac, randomBytes } from 'node:crypto';
import { TooManyAttemptsError } from './reports.errors.js';

/** Wrong receipt codes one client may type in a window before it is locked out. */
export const CLIENT_FAILURES = 5;
/** Wrong receipt codes everyone together may type in a window before the gate closes for all. */
export const GLOBAL_FAILURES = 100;
/** The window both failure limits count in, and how long a client stays locked out. */
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_MS = 15 * 60_000;
/** Reports one client may send in a window (generous: a nurse may report several). */
export const CLIENT_SUBMISSIONS = 10;
export const SUBMISSION_WINDOW_MS = 60 * 60_000;

export interface GateLimits {
  clientFailures: number;
  globalFailures: number;
  failureWindowMs: number;
  lockoutMs: number;
  clientSubmissions: number;
  submissionWindowMs: number;
}

export const DEFAULT_GATE_LIMITS: GateLimits = {
  clientFailures: CLIENT_FAILURES,
  globalFailures: GLOBAL_FAILURES,
  failureWindowMs: FAILURE_WINDOW_MS,
  lockoutMs: LOCKOUT_MS,
  clientSubmissions: CLIENT_SUBMISSIONS,
  submissionWindowMs: SUBMISSION_WINDOW_MS,
};

/** One try of a receipt code: counted as a failure from the start, taken back if the code was right. */
export interface GateAttempt {
  succeeded(): void;
  failed(): void;
}

interface ClientEntry {
  /** Times of wrong codes (and of tries still being checked) within the window. */
  failures: number[];
  lockedUntil: number;
  /** Times of reports sent within the submission window. */
  submissions: number[];
}

/**
 * The receipt gate (issue #11): wrong receipt codes are limited per client
 * and for everyone together, and reports per client.
 *
 * - A client that types CLIENT_FAILURES wrong codes within the window is
 *   locked out for LOCKOUT_MS: 429 with Retry-After, even with the right
 *   code. A right code does not wipe earlier failures (else an attacker with
 *   a code of their own could mix it in and guess without end).
 * - When GLOBAL_FAILURES wrong codes in all were typed within the window
 *   (a guessing attack spread over many addresses), every client waits
 *   until enough of them have aged out of the window.
 * - A try is counted as a failure while it is being checked (argon2 takes
 *   time), so a burst of parallel tries cannot slip past the limit.
 *
 * The client is known only by `clientKey(address)`: HMAC-SHA256 of its
 * address under a random key made at start-up and never stored or logged,
 * so the gate holds no address, and its entries expire. In memory, per
 * node: N nodes allow N times the limits until #12 brings a shared store.
 */
export class ReceiptGate {
  private readonly key = randomBytes(32);
  private readonly clients = new Map<string, ClientEntry>();
  private globalFailures: number[] = [];
  private lastSweep = 0;

  constructor(
    private readonly limits: GateLimits = DEFAULT_GATE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The client's key in the gate: an HMAC of its address that cannot be
   * turned back into it. An IPv6 client is its /64 (one household or
   * device, which can pick any address in it), so it cannot escape its
   * limit by changing address.
   */
  clientKey(address: string | undefined): string {
    return createHmac('sha256', this.key).update(clientOf(address)).digest('base64url');
  }

  /**
   * Starts a try of a receipt code for this client, or throws
   * TooManyAttemptsError (with the seconds to wait) when it is locked out or
   * the gate is closed for everyone. The caller settles it with `succeeded`
   * or `failed`.
   */
  attempt(client: string): GateAttempt {
    const now = this.now();
    this.sweep(now);
    const { failureWindowMs, clientFailures, globalFailures, lockoutMs } = this.limits;
    const entry = this.entry(client);
    entry.failures = entry.failures.filter((t) => t > now - failureWindowMs);
    this.globalFailures = this.globalFailures.filter((t) => t > now - failureWindowMs);
    if (entry.lockedUntil > now) throw new TooManyAttemptsError(seconds(entry.lockedUntil - now));
    if (entry.failures.length >= clientFailures) {
      // Only while earlier tries of a burst are still being checked.
      throw new TooManyAttemptsError(seconds(entry.failures[0] + failureWindowMs - now));
    }
    if (this.globalFailures.length >= globalFailures) {
      const oldest = this.globalFailures[this.globalFailures.length - globalFailures];
      throw new TooManyAttemptsError(seconds(oldest + failureWindowMs - now));
    }
    const at = now;
    entry.failures.push(at);
    this.globalFailures.push(at);
    let settled = false;
    return {
      succeeded: () => {
        if (settled) return;
        settled = true;
        removeOne(entry.failures, at);
        removeOne(this.globalFailures, at);
      },
      failed: () => {
        if (settled) return;
        settled = true;
        const current = this.now();
        const recent = entry.failures.filter((t) => t > current - failureWindowMs);
        if (recent.length >= clientFailures) {
          entry.lockedUntil = current + lockoutMs;
          entry.failures = [];
        }
      },
    };
  }

  /**
   * Counts a report from this client, or throws TooManyAttemptsError when it
   * has sent its share within the window. `release` takes the count back
   * (the report was refused and nothing was written).
   */
  submission(client: string): { release(): void } {
    const now = this.now();
    this.sweep(now);
    const { submissionWindowMs, clientSubmissions } = this.limits;
    const entry = this.entry(client);
    entry.submissions = entry.submissions.filter((t) => t > now - submissionWindowMs);
    if (entry.submissions.length >= clientSubmissions) {
      throw new TooManyAttemptsError(seconds(entry.submissions[0] + submissionWindowMs - now));
    }
    entry.submissions.push(now);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        removeOne(entry.submissions, now);
      },
    };
  }

  /** How many clients the gate remembers (entries expire): for tests. */
  get size(): number {
    this.sweep(this.now(), true);
    return this.clients.size;
  }

  private entry(client: string): ClientEntry {
    let entry = this.clients.get(client);
    if (!entry) {
      entry = { failures: [], lockedUntil: 0, submissions: [] };
      this.clients.set(client, entry);
    }
    return entry;
  }

  /** Forgets clients with nothing left to count, at most once a minute. */
  private sweep(now: number, force = false): void {
    if (!force && now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    const { failureWindowMs, submissionWindowMs } = this.limits;
    for (const [client, entry] of this.clients) {
      const live =
        entry.lockedUntil > now ||
        entry.failures.some((t) => t > now - failureWindowMs) ||
        entry.submissions.some((t) => t > now - submissionWindowMs);
      if (!live) this.clients.delete(client);
    }
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function removeOne(list: number[], value: number): void {
  const index = list.indexOf(value);
  if (index >= 0) list.splice(index, 1);
}

/**
 * What the gate counts as one client: an IPv4 address (also when written
 * IPv4-mapped, `::ffff:192.0.2.1`), or the first 64 bits of an IPv6 address.
 */
export function clientOf(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const [head, tail] = address.toLowerCase().split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.padStart(4, '0'))
    .join(':')}::/64`;
}
