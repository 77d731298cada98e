import type { ProblemFieldError } from './problem.js';

/**
 * Deeper than any body this service takes. Validation and transformation
 * recurse, so a body nested thousands of levels deep would exhaust the stack.
 */
export const MAX_INPUT_DEPTH = 32;

/**
 * Text PostgreSQL cannot store: NUL (refused by `text` and `jsonb`) and
 * unpaired UTF-16 surrogates (no UTF-8 encoding exists for them).
 */
function unstorable(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain a NUL character';
  if (!text.isWellFormed()) return 'must be valid Unicode text (an unpaired surrogate was found)';
  return undefined;
}

function join(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/**
 * The first part of a parsed body or query that no handler should ever see,
 * as a field error: too deeply nested, or a string or key PostgreSQL cannot
 * store. Walks iteratively, so the check itself cannot run out of stack.
 * `root` names the input as a whole (e.g. "body") for errors about it.
 */
export function findUnsafeInput(input: unknown, root: string): ProblemFieldError | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value: input, path: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = unstorable(value);
      if (problem) return { field: path || root, message: `${path || root} ${problem}` };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      return {
        field: root,
        message: `${root} is nested too deeply (at most ${MAX_INPUT_DEPTH} levels)`,
      };
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) =>
        stack.push({ value: item, path: join(path, index), depth: depth + 1 }),
      );
      continue;
    }
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const keyProblem = unstorable(key);
      if (keyProblem) {
        return { field: path || root, message: `a field name in ${path || root} ${keyProblem}` };
      }
      stack.push({ value: item, path: join(path, key), depth: depth + 1 });
    }
  }
  return null;
}
