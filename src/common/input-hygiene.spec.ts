import { findUnsafeInput, MAX_INPUT_DEPTH } from './input-hygiene.js';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('input PostgreSQL and the validators can take', () => {
  it('lets ordinary text through, in every script', () => {
    expect(
      findUnsafeInput({ name: 'Ødegård', note: 'ትግርኛ 🙂', tags: ['a', 'b'], n: 3 }, 'body'),
    ).toBeNull();
  });

  it('names the field holding a NUL character', () => {
    expect(findUnsafeInput({ name: 'ok', contact: { email: 'a\u0000b' } }, 'body')).toEqual({
      field: 'contact.email',
      message: expect.stringContaining('NUL'),
    });
  });

  it('names the array element holding an unpaired surrogate', () => {
    expect(findUnsafeInput({ languages: ['ara', 'x\ud800'] }, 'body')).toEqual({
      field: 'languages[1]',
      message: expect.stringContaining('surrogate'),
    });
  });

  it('refuses a field name that cannot be stored, naming its parent', () => {
    expect(findUnsafeInput({ profile: { ['bad\u0000']: 1 } }, 'body')?.field).toBe('profile');
  });

  it('refuses the body as a whole when it is nested too deeply, without exhausting the stack', () => {
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH - 1), 'body')).toBeNull();
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH + 1), 'body')?.field).toBe('body');
    expect(findUnsafeInput(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)), 'body')).toEqual(
      expect.objectContaining({ field: 'body' }),
    );
  });

  it('checks a bare string body too', () => {
    expect(findUnsafeInput('\u0000', 'body')?.field).toBe('body');
  });
});
