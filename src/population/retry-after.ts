/**
 * Values of Retry-After below this are seconds; from it on, milliseconds.
 * Skatteetaten documents Retry-After on Folkeregisteret's 429 in
 * milliseconds, HTTP (RFC 9110) in seconds. A wait under 100 ms is not worth
 * announcing and 100 s is beyond any wait we accept, so the two readings
 * meet at 100 with little doubt: "1" is a second, "1500" is 1.5 s.
 */
export const SECONDS_BELOW = 100;

/**
 * How long a Retry-After header asks us to wait, in milliseconds, or
 * undefined when it says nothing usable (absent, negative, garbage). Accepts
 * a number (milliseconds from SECONDS_BELOW on, else seconds; fractions
 * allowed) and an HTTP date (the time until then; 0 when it has passed).
 * The caller caps the result.
 */
export function retryAfterMs(
  header: string | null | undefined,
  now = Date.now(),
): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) {
    const amount = Number(value);
    return Math.round(amount < SECONDS_BELOW ? amount * 1000 : amount);
  }
  // An HTTP date names a weekday and a month: refuse bare numbers with signs or units.
  if (!/[a-z]{3}/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
