import { createHmac, randomInt } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/problem.js';

/**
 * The whistleblower's receipt code (issue #11): the only key an anonymous
 * reporter has to their report. Design (docs/decisions.md, "Reports
 * groundwork"):
 *
 * - 16 decimal digits, each from `crypto.randomInt` (a CSPRNG with rejection
 *   sampling, so no modulo bias): 10^16 codes, about 53 bits.
 * - Stored twice, neither reversible:
 *   - `receiptIndex(code, pepper)`: HMAC-SHA256 under a server-side pepper
 *     (from configuration, never in the database), a unique column that finds
 *     the report by the code alone. Without the pepper a database thief cannot
 *     test a single guess.
 *   - `hashReceiptCode(code)`: argon2id, so a thief who has both the database
 *     and the pepper still pays a slow hash per guess and per report.
 * - A lookup verifies the argon2id hash when the index finds a row, and
 *   `dummyVerify(code)` when it does not, so a wrong code costs the same time
 *   whether or not it exists.
 *
 * The code is never logged, never put in a URL, an error or the audit trail.
 */

export const RECEIPT_CODE_DIGITS = 16;
const GROUP = 4;

/**
 * argon2id parameters: OWASP's first recommended configuration
 * (m = 19 MiB, t = 2, p = 1). Part of each stored hash (PHC string), so they
 * can be raised later; old hashes still verify with their own parameters.
 */
export const RECEIPT_ARGON2 = {
  algorithm: 2 as Algorithm, // Argon2id (an ambient const enum: not importable under isolatedModules)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export type ReceiptCodeProblem = 'letters' | 'length';

/** A typed code was not 16 digits. Says why, never what was typed. */
export class InvalidReceiptCodeError extends DomainError {
  constructor(readonly problem: ReceiptCodeProblem) {
    super(
      'INVALID_RECEIPT_CODE',
      problem === 'letters'
        ? 'A receipt code has digits only.'
        : `A receipt code has ${RECEIPT_CODE_DIGITS} digits.`,
      HttpStatus.BAD_REQUEST,
      [{ field: 'receiptCode', message: problem }],
    );
  }
}

/** A fresh receipt code: 16 digits (leading zeros kept), to be shown once. */
export function newReceiptCode(): string {
  let code = '';
  for (let i = 0; i < RECEIPT_CODE_DIGITS; i++) code += String(randomInt(10));
  return code;
}

/** "1234 5678 9012 3456" for display. Expects the 16 digits. */
export function formatReceiptCode(code: string): string {
  const digits = parseReceiptCode(code);
  const groups: string[] = [];
  for (let i = 0; i < digits.length; i += GROUP) groups.push(digits.slice(i, i + GROUP));
  return groups.join(' ');
}

/**
 * What a person typed, back to the 16 digits: spaces (any white space) and
 * dashes are ignored, anything else is refused (`letters`), as is a wrong
 * number of digits (`length`). Full-width or other non-ASCII digits are
 * refused too: the code is ASCII 0-9.
 */
export function parseReceiptCode(input: string): string {
  const compact = input.replace(/[\s\-\u2010-\u2015\u2212]/gu, '');
  if (!/^[0-9]*$/.test(compact)) throw new InvalidReceiptCodeError('letters');
  if (compact.length !== RECEIPT_CODE_DIGITS) throw new InvalidReceiptCodeError('length');
  return compact;
}

/** The keyed lookup index: HMAC-SHA256(pepper, code), lower-case hex (64 characters). */
export function receiptIndex(code: string, pepper: Buffer): string {
  if (pepper.length < 32) throw new RangeError('The receipt pepper must be at least 32 bytes.');
  return createHmac('sha256', pepper).update(parseReceiptCode(code), 'utf8').digest('hex');
}

/** The slow hash to store beside the index (PHC string, `$argon2id$v=19$m=19456,t=2,p=1$...`). */
export function hashReceiptCode(code: string): Promise<string> {
  return hash(parseReceiptCode(code), RECEIPT_ARGON2);
}

/**
 * Whether `code` is the one `storedHash` was made from. A malformed code or
 * hash is simply `false` (a wrong code is not an error to the caller).
 */
export async function verifyReceiptCode(code: string, storedHash: string): Promise<boolean> {
  let digits: string;
  try {
    digits = parseReceiptCode(code);
  } catch {
    return false;
  }
  try {
    return await verify(storedHash, digits);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Makes the dummy hash now (e.g. at start-up), so even the first missing code costs one verify only. */
export async function prepareDummyHash(): Promise<void> {
  dummyHash ??= hash('no report has this receipt code', RECEIPT_ARGON2);
  await dummyHash;
}

/** The dummy hash itself, to check that it costs what a real one costs (same algorithm and parameters). */
export async function dummyReceiptHash(): Promise<string> {
  await prepareDummyHash();
  return dummyHash!;
}

/**
 * The same work as `verifyReceiptCode` against a hash that no code matches
 * (a fixed hash of a value that is not 16 digits, made once per process with
 * the current parameters). Call it when the index finds no report, then
 * answer "wrong code": the caller cannot tell a missing report from a wrong
 * code by the time it takes. Always `false`.
 */
export async function dummyVerify(code: string): Promise<false> {
  await prepareDummyHash();
  try {
    await verify(await dummyHash!, code);
  } catch {
    // same outcome as a mismatch
  }
  return false;
}
