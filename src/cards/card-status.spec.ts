import { cardStatus, type CardFacts } from './card-status.js';

const now = new Date('2026-11-25T12:00:00Z');
const later = new Date('2030-01-01T00:00:00Z');
const earlier = new Date('2026-01-01T00:00:00Z');

function card(overrides: Partial<CardFacts> = {}): CardFacts {
  return {
    languages: [
      { code: 'ara', category: 'A' },
      { code: 'pol', category: 'C' },
    ],
    expiresAt: later,
    replacedAt: null,
    revokedAt: null,
    entries: [
      { code: 'ara', category: 'A', status: 'active' },
      { code: 'pol', category: 'C', status: 'active' },
    ],
    ...overrides,
  };
}

describe('cardStatus', () => {
  it('is valid with every language when the entries are active', () => {
    expect(cardStatus(card(), now, later)).toEqual({
      status: 'valid',
      languages: [
        { code: 'ara', category: 'A', standing: 'valid' },
        { code: 'pol', category: 'C', standing: 'valid' },
      ],
    });
  });

  it('stays valid but marks one suspended language', () => {
    const result = cardStatus(
      card({
        entries: [
          { code: 'ara', category: 'A', status: 'active' },
          { code: 'pol', category: 'C', status: 'suspended' },
        ],
      }),
      now,
      later,
    );
    expect(result.status).toBe('valid');
    expect(result.languages.map((l) => l.standing)).toEqual(['valid', 'suspended']);
  });

  it('is suspended when no language is in force, even on a replaced or expired card', () => {
    const entries = card().entries.map((e) => ({ ...e, status: 'suspended' }));
    expect(cardStatus(card({ entries }), now, later).status).toBe('suspended');
    expect(cardStatus(card({ entries, replacedAt: earlier }), now, later).status).toBe('suspended');
    expect(cardStatus(card({ entries, expiresAt: earlier }), now, earlier).status).toBe(
      'suspended',
    );
  });

  it('is revoked when the card was revoked or every entry has ended', () => {
    expect(cardStatus(card({ revokedAt: earlier }), now, later).status).toBe('revoked');
    const entries = card().entries.map((e) => ({ ...e, status: 'excluded' }));
    expect(cardStatus(card({ entries }), now, later)).toEqual({ status: 'revoked', languages: [] });
  });

  it('is replaced, and shows no languages, once a newer card exists', () => {
    expect(cardStatus(card({ replacedAt: earlier }), now, later)).toEqual({
      status: 'replaced',
      languages: [],
    });
  });

  it('is expired when the card or the scanned code has expired', () => {
    expect(cardStatus(card({ expiresAt: earlier }), now, earlier).status).toBe('expired');
    expect(cardStatus(card(), now, earlier).status).toBe('expired');
    expect(cardStatus(card(), now, now).status).toBe('expired');
  });

  it('does not vouch for a language whose category changed since the card was issued', () => {
    const result = cardStatus(
      card({
        entries: [
          { code: 'ara', category: 'B', status: 'active' },
          { code: 'pol', category: 'C', status: 'active' },
        ],
      }),
      now,
      later,
    );
    expect(result.languages.map((l) => l.code)).toEqual(['pol']);
  });
});
