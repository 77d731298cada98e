import type { KeyStatus, RekeyResult } from './report-key-rotation.js';

/** What a reports CLI command prints, and its exit code. */
export interface CliOutcome {
  code: number;
  lines: string[];
}

const keyName = (keyId: string | null): string => keyId ?? '(no key id: not a sealed value)';

/**
 * `reports rekey`: counts per column, and where a value did not open (table,
 * column, row id). Exit 1 when any value did not open: the old key must stay.
 */
export function rekeyLines(result: RekeyResult): CliOutcome {
  const lines = [`Re-sealing report values under key ${result.keyId}:`];
  const width = Math.max(...result.columns.map((c) => `${c.table}.${c.column}`.length));
  for (const c of result.columns) {
    const name = `${c.table}.${c.column}`.padEnd(width);
    lines.push(
      `  ${name}  ${c.resealed} re-sealed${c.unreadable > 0 ? `, ${c.unreadable} do not open` : ''}`,
    );
  }
  lines.push(`${result.resealed} value(s) re-sealed, ${result.unreadable} value(s) do not open.`);
  if (result.unreadable === 0) {
    lines.push(
      'Check with `reports key-status` that no value is left under an older key before dropping it.',
    );
    return { code: 0, lines };
  }
  for (const f of result.failures) {
    const why =
      f.reason === 'key_not_configured'
        ? `sealed with key ${f.keyId}, which is not configured`
        : 'altered, or not sealed for this place';
    lines.push(`  does not open: ${f.table}.${f.column} row ${f.row} (${why})`);
  }
  if (result.failures.length < result.unreadable) {
    lines.push(`  ... and ${result.unreadable - result.failures.length} more (see the log).`);
  }
  lines.push(
    'Keep every key these values name in REPORT_KEYS; a value that was altered cannot be recovered.',
  );
  return { code: 1, lines };
}

/**
 * `reports key-status`: values per key id, per column and in all. Exit 0
 * when every value is under the current key (the older keys can be
 * dropped), 1 when some are not.
 */
export function keyStatusLines(status: KeyStatus): CliOutcome {
  const lines = [
    `Current report key: ${status.currentKeyId} (configured: ${status.configuredKeyIds.join(', ')})`,
  ];
  const width = Math.max(...status.columns.map((c) => `${c.table}.${c.column}`.length));
  for (const c of status.columns) {
    const counts =
      c.byKey.length === 0
        ? 'no values'
        : c.byKey.map((k) => `${keyName(k.keyId)}: ${k.values}`).join(', ');
    lines.push(`  ${`${c.table}.${c.column}`.padEnd(width)}  ${counts}`);
  }
  const total = status.totals.map((k) => `${keyName(k.keyId)}: ${k.values}`).join(', ');
  lines.push(`All values: ${total || 'none'}`);
  const missing = status.totals
    .map((k) => k.keyId)
    .filter((kid): kid is string => kid !== null && !status.configuredKeyIds.includes(kid));
  if (missing.length > 0) {
    lines.push(
      `Values under keys that are not configured (they cannot be read): ${missing.join(', ')}`,
    );
  }
  if (status.notCurrent === 0) {
    const older = status.configuredKeyIds.filter((kid) => kid !== status.currentKeyId);
    lines.push(
      older.length > 0
        ? `Every value is under ${status.currentKeyId}: ${older.join(', ')} can be dropped from REPORT_KEYS.`
        : `Every value is under ${status.currentKeyId}.`,
    );
    return { code: 0, lines };
  }
  lines.push(
    `${status.notCurrent} value(s) are not under ${status.currentKeyId}: run \`reports rekey\` ` +
      'and keep the older keys until this count is 0.',
  );
  return { code: 1, lines };
}
