import type PgBoss from 'pg-boss';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * pg-boss runs its SQL through these instead of a pool of its own: the
 * embedded database serves exactly one connection, which the app's pool
 * holds. Each call is one query on a connection from the app's pool (on the
 * embedded database, queued for the one connection), or on the caller's
 * transaction.
 *
 * pg-boss sends two kinds of text: one parameterised statement, or, for its
 * maintenance, several statements wrapped in BEGIN … COMMIT with no
 * parameters (the simple query protocol runs them as one message). If one of
 * those fails, the connection would stay in the failed transaction, so it is
 * rolled back before the connection goes back to the pool.
 */
export class DataSourceDb implements PgBoss.Db {
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly dataSource: DataSource) {}

  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
    // Like pg-boss's own pool once closed: nothing runs, nothing is returned.
    if (this.closed) return Promise.resolve({ rows: [] });
    const run = this.run(text, values);
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run)).catch(() => undefined);
    return run;
  }

  /** Refuses further statements and waits for those under way, before the pool closes. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async run(text: string, values: unknown[] | undefined): Promise<{ rows: unknown[] }> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await rowsOf(runner, text, values);
    } catch (error) {
      if (!values?.length && /^\s*BEGIN\b/i.test(text)) {
        await runner.query('ROLLBACK').catch(() => undefined);
      }
      throw error;
    } finally {
      await runner.release();
    }
  }
}

/**
 * pg-boss's statements in the caller's transaction, so a job is queued if and
 * only if the transaction commits. Refuses a manager outside a transaction: on
 * the embedded database it would wait for the connection its caller holds.
 */
export function transactionDb(em: EntityManager): PgBoss.Db {
  const runner = requireTransaction(em, 'JobRunner.send');
  return { executeSql: (text, values) => rowsOf(runner, text, values) };
}

/** The transaction's query runner; throws if `em` is not a transaction's manager. */
export function requireTransaction(em: EntityManager, what: string): QueryRunner {
  const runner = em.queryRunner;
  if (!runner?.isTransactionActive) {
    throw new Error(`${what} needs the EntityManager of a transaction`);
  }
  return runner;
}

async function rowsOf(
  runner: QueryRunner,
  text: string,
  values: unknown[] | undefined,
): Promise<{ rows: unknown[] }> {
  const result = await runner.query(text, values, true);
  return { rows: result.records };
}
