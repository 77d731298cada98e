import { parseTrustProxy, validateEnvironment } from './configuration.js';

describe('TRUST_PROXY: which proxies may say who the client is', () => {
  it('trusts nobody by default', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
  });

  it('takes a hop count', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
  });

  it('takes proxy addresses and CIDR ranges, IPv4 and IPv6', () => {
    expect(parseTrustProxy('10.0.0.5, 10.1.0.0/16,::1,fd00::/8')).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
      'fd00::/8',
    ]);
  });

  it('refuses "true" (trust every hop) and anything that is not an address', () => {
    expect(() => parseTrustProxy('true')).toThrow(/trusting every hop lets clients forge/);
    expect(() => parseTrustProxy('proxy.example')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('10.0.0.300')).toThrow(/TRUST_PROXY/);
    expect(() => validateEnvironment({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => validateEnvironment({ TRUST_PROXY: '10.0.0.5' })).not.toThrow();
  });
});
