import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE } from './1764075600000-runtime-role.js';

/**
 * Reports, key rotation (issue #11): the app may rewrite a decision's two
 * sealed columns, and nothing else of it.
 *
 * `report_decisions` is append-only for the app (UPDATE revoked in
 * 1764097200000-reports): a decision, once made, is never changed. Rotating
 * the report keys must re-seal every value, the reasons and the letter of a
 * decision included, or the old key could never be dropped. A column-level
 * grant allows exactly that: UPDATE of `reasons_sealed` and `letter_sealed`.
 * The table-level UPDATE stays revoked, so outcome, round, dates, the
 * decider and the rest cannot be changed by the app. Re-sealing changes the
 * ciphertext, not what it says: the value opens to the same text, bound to
 * the same row and column (the AAD), so a reason moved from another
 * decision still fails to open.
 */
export class ReportsRekey1764100800005 implements MigrationInterface {
  name = 'ReportsRekey1764100800005';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `GRANT UPDATE (reasons_sealed, letter_sealed) ON report_decisions TO ${APP_GROUP_ROLE}`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `REVOKE UPDATE (reasons_sealed, letter_sealed) ON report_decisions FROM ${APP_GROUP_ROLE}`,
    );
  }
}
