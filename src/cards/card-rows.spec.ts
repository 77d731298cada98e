import { cardFacts, cardNumber, type CardRow } from './card-rows.js';
import { cardStatus } from './card-status.js';

const NOW = new Date('2026-01-10T12:00:00Z');

function row(overrides: Partial<CardRow> = {}): CardRow {
  return {
    id: '42',
    serial: 2,
    languages: [
      { code: 'tir', category: 'B' },
      { code: 'ara', category: 'C' },
    ],
    issued_at: new Date('2025-03-01T10:00:00Z'),
    expires_at: new Date('2030-02-28T12:00:00Z'),
    replaced_at: null,
    revoked_at: null,
    interpreter_id: '0b8f0d5e-3c1a-4a8e-9d43-1b2f3c4d5e6f',
    interpreter_number: 10234,
    given_name: 'Åse Marit',
    family_name: 'Ødegård',
    has_photo: false,
    entries: [
      { code: 'tir', category: 'B', status: 'active' },
      { code: 'ara', category: 'C', status: 'suspended' },
    ],
    ...overrides,
  };
}

describe('cardFacts', () => {
  it('passes on what the card shows and the entries as they are now', () => {
    const r = row();
    expect(cardFacts(r)).toEqual({
      languages: r.languages,
      expiresAt: r.expires_at,
      replacedAt: null,
      revokedAt: null,
      entries: r.entries,
    });
  });

  it('keeps the replacement and the revocation, so the status sees them', () => {
    const replaced = row({ replaced_at: new Date('2026-01-01T00:00:00Z') });
    expect(cardStatus(cardFacts(replaced), NOW, replaced.expires_at).status).toBe('replaced');
    const revoked = row({ revoked_at: new Date('2026-01-01T00:00:00Z') });
    expect(cardStatus(cardFacts(revoked), NOW, revoked.expires_at).status).toBe('revoked');
  });

  it('gives a valid card with one suspended language its standing per language', () => {
    const r = row();
    expect(cardStatus(cardFacts(r), NOW, r.expires_at)).toEqual({
      status: 'valid',
      languages: [
        { code: 'tir', category: 'B', standing: 'valid' },
        { code: 'ara', category: 'C', standing: 'suspended' },
      ],
    });
  });
});

describe('cardNumber', () => {
  it('is the interpreter number and the serial', () => {
    expect(cardNumber(row())).toBe('10234-2');
    expect(cardNumber({ interpreter_number: 10001, serial: 11 })).toBe('10001-11');
  });
});
