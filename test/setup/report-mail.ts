import { aadFor } from '../../src/sealing/sealed-box.js';
import { SealingService } from '../../src/sealing/sealing.module.js';
import type { TestApp } from './test-app.js';

/** The address of a mail about a report, which the outbox keeps sealed. */
export function reportMailAddress(
  t: TestApp,
  row: { id: string; to_address: string | null; to_sealed: Buffer | null },
): string {
  if (row.to_address !== null || row.to_sealed === null) {
    throw new Error('a mail about a report must have its address sealed, and only sealed');
  }
  return t.app
    .get(SealingService)
    .openText(row.to_sealed, aadFor('notifications', row.id, 'to_sealed'));
}
