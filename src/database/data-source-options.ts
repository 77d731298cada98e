import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { EmbeddedPostgres } from './embedded-postgres.js';

/** A PostgreSQL server's URL, or the embedded server's loopback socket. */
export type Connection = { url: string } | { host: string; port: number };

/**
 * How long a query waits for a free pool connection. Code that holds a
 * transaction and then queries through another connection waits for itself
 * once the pool is used up (at once on the embedded database's single
 * connection); this makes it fail loudly instead of hanging.
 */
const POOL_WAIT_MS = 15_000;

/** One definition of the data source, for the app, the CLI and the tests. */
export function dataSourceOptions(connection: Connection, poolSize: number): DataSourceOptions {
  const embedded = !('url' in connection);
  return {
    type: 'postgres',
    ...('url' in connection
      ? { url: connection.url }
      : { ...connection, username: 'postgres', password: 'postgres', database: 'postgres' }),
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: {
      max: embedded ? EmbeddedPostgres.CONNECTIONS : poolSize,
      // The one embedded connection stays open: closing it when idle would
      // race the reopening against the server's connection limit.
      ...(embedded ? { idleTimeoutMillis: 0 } : {}),
      connectionTimeoutMillis: POOL_WAIT_MS,
      statement_timeout: 15000,
    },
  };
}

/**
 * Applies pending migrations through a connection of its own, as the role
 * that owns the schema (DATABASE_MIGRATION_URL), so the role the app serves
 * as never needs the right to alter tables, the audit trail's included.
 */
export async function runMigrations(connection: Connection): Promise<void> {
  const dataSource = new DataSource({ ...dataSourceOptions(connection, 1), migrationsRun: false });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
}
