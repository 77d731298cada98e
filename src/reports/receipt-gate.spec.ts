import { clientOf, DEFAULT_GATE_LIMITS, ReceiptGate } from './receipt-gate.js';
import { TooManyAttemptsError } from './reports.errors.js';

function gateAt(start = 1_000_000) {
  let now = start;
  const gate = new ReceiptGate(DEFAULT_GATE_LIMITS, () => now);
  return {
    gate,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function refusal(fn: () => unknown): TooManyAttemptsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TooManyAttemptsError) return error;
    throw error;
  }
  throw new Error('expected TooManyAttemptsError');
}

const MINUTE = 60_000;

describe('ReceiptGate', () => {
  it('locks a client out for 15 minutes after 5 wrong codes, even for a right code', () => {
    const { gate, advance } = gateAt();
    const client = gate.clientKey('198.51.100.1');
    for (let i = 0; i < 5; i++) gate.attempt(client).failed();
    const locked = refusal(() => gate.attempt(client));
    expect(locked.getStatus()).toBe(429);
    expect(locked.code).toBe('TOO_MANY_ATTEMPTS');
    expect(locked.retryAfterSeconds).toBe(15 * 60);
    advance(14 * MINUTE);
    expect(refusal(() => gate.attempt(client)).retryAfterSeconds).toBe(60);
    advance(MINUTE);
    expect(() => gate.attempt(client).succeeded()).not.toThrow();
  });

  it('4 wrong codes do not lock; failures older than the window no longer count', () => {
    const { gate, advance } = gateAt();
    const client = gate.clientKey('198.51.100.2');
    for (let i = 0; i < 4; i++) gate.attempt(client).failed();
    advance(15 * MINUTE + 1);
    for (let i = 0; i < 4; i++) gate.attempt(client).failed();
    expect(() => gate.attempt(client).succeeded()).not.toThrow();
  });

  it('a right code does not wipe earlier failures', () => {
    const { gate } = gateAt();
    const client = gate.clientKey('198.51.100.3');
    for (let i = 0; i < 4; i++) {
      gate.attempt(client).failed();
      gate.attempt(client).succeeded();
    }
    gate.attempt(client).failed();
    expect(refusal(() => gate.attempt(client)).getStatus()).toBe(429);
  });

  it('counts tries still being checked, so a parallel burst cannot pass the limit', () => {
    const { gate } = gateAt();
    const client = gate.clientKey('198.51.100.4');
    const pending = Array.from({ length: 5 }, () => gate.attempt(client));
    expect(() => gate.attempt(client)).toThrow(TooManyAttemptsError);
    pending.forEach((p) => p.failed());
    expect(() => gate.attempt(client)).toThrow(TooManyAttemptsError);
  });

  it('one client locked out leaves another alone', () => {
    const { gate } = gateAt();
    const a = gate.clientKey('198.51.100.5');
    for (let i = 0; i < 5; i++) gate.attempt(a).failed();
    expect(() => gate.attempt(a)).toThrow(TooManyAttemptsError);
    expect(() => gate.attempt(gate.clientKey('198.51.100.6')).succeeded()).not.toThrow();
  });

  it('closes for everyone after 100 wrong codes in all, and opens as they age out', () => {
    const { gate, advance } = gateAt();
    for (let i = 0; i < 100; i++) {
      gate.attempt(gate.clientKey(`10.0.${Math.floor(i / 4)}.${i % 4}`)).failed();
      if (i === 49) advance(5 * MINUTE);
    }
    const fresh = gate.clientKey('192.0.2.77');
    const closed = refusal(() => gate.attempt(fresh));
    expect(closed.retryAfterSeconds).toBe(10 * 60);
    advance(10 * MINUTE);
    expect(() => gate.attempt(fresh).succeeded()).not.toThrow();
  });

  it('limits reports to 10 per client per hour; a refused report does not count', () => {
    const { gate, advance } = gateAt();
    const client = gate.clientKey('198.51.100.7');
    gate.submission(client).release();
    for (let i = 0; i < 10; i++) gate.submission(client);
    const limited = refusal(() => gate.submission(client));
    expect(limited.retryAfterSeconds).toBe(60 * 60);
    advance(60 * MINUTE);
    expect(() => gate.submission(client)).not.toThrow();
  });

  it('keys clients by a keyed hash: the address is not in it, and another gate keys differently', () => {
    const { gate } = gateAt();
    const key = gate.clientKey('198.51.100.8');
    expect(key).not.toContain('198.51.100.8');
    expect(key).toBe(gate.clientKey('198.51.100.8'));
    expect(key).not.toBe(gate.clientKey('198.51.100.9'));
    expect(new ReceiptGate().clientKey('198.51.100.8')).not.toBe(key);
  });

  it('counts an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 one', () => {
    expect(clientOf('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:0db8:0001:0002::/64');
    expect(clientOf('2001:db8:1:2::9')).toBe('2001:0db8:0001:0002::/64');
    expect(clientOf('2001:db8::1')).toBe('2001:0db8:0000:0000::/64');
    expect(clientOf('::1')).toBe('0000:0000:0000:0000::/64');
    expect(clientOf('fe80::1%eth0')).toBe('fe80:0000:0000:0000::/64');
    expect(clientOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientOf('192.0.2.1')).toBe('192.0.2.1');
    expect(clientOf(undefined)).toBe('unknown');
    const { gate } = gateAt();
    const one = gate.clientKey('2001:db8:1:2::1');
    expect(gate.clientKey('2001:db8:1:2:ffff::7')).toBe(one);
    expect(gate.clientKey('2001:db8:1:3::1')).not.toBe(one);
    // A new address in the same /64 is the same locked-out client.
    for (let i = 0; i < 5; i++) gate.attempt(gate.clientKey(`2001:db8:1:2::${i + 10}`)).failed();
    expect(() => gate.attempt(gate.clientKey('2001:db8:1:2::99'))).toThrow();
  });

  it('forgets clients once nothing of theirs counts any more', () => {
    const { gate, advance } = gateAt();
    gate.attempt(gate.clientKey('198.51.100.10')).failed();
    gate.submission(gate.clientKey('198.51.100.11'));
    expect(gate.size).toBe(2);
    advance(16 * MINUTE);
    expect(gate.size).toBe(1);
    advance(45 * MINUTE);
    expect(gate.size).toBe(0);
  });
});
