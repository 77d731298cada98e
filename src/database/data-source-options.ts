import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { Interpreter } from '../interpreters/interpreter.entity.js';
import { Language } from '../languages/language.entity.js';
import { QualificationEvidence } from '../register/qualification-evidence.entity.js';
import { RegisterEntry } from '../register/register-entry.entity.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export const ENTITIES = [Language, Interpreter, QualificationEvidence, RegisterEntry];

export type Connection = { url: string } | { host: string; port: number };

/** One definition of the data source, for the app, the CLI and the tests. */
export function dataSourceOptions(connection: Connection, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    ...('url' in connection
      ? { url: connection.url }
      : { ...connection, username: 'postgres', password: 'postgres', database: 'postgres' }),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: poolSize, statement_timeout: 15000 },
  };
}
