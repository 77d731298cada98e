import { Global, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ModuleRef } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/configuration.js';
import { type Connection, dataSourceOptions, runMigrations } from './data-source-options.js';
import { EmbeddedPostgres } from './embedded-postgres.js';
import { MigrationsRepository } from './migrations.repository.js';

/** Starts the embedded database when no DATABASE_URL is configured, and stops it last. */
@Injectable()
export class DatabaseServer implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseServer.name);
  private embedded: EmbeddedPostgres | undefined;
  private connection: Connection | undefined;

  constructor(
    private readonly config: ConfigService,
    private readonly moduleRef: ModuleRef,
  ) {}

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  async connect(): Promise<Connection> {
    if (this.connection) return this.connection;
    const db = this.config.getOrThrow<DatabaseConfig>('database');
    if (db.url) {
      this.connection = { url: db.url };
    } else {
      this.embedded = await EmbeddedPostgres.start(db.dataDir);
      this.connection = this.embedded.address;
      this.logger.log(`Embedded PostgreSQL (PGlite) started with data in ${db.dataDir}`);
    }
    return this.connection;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.embedded) return;
    // The pool must close before the embedded server it talks to.
    const dataSource = this.moduleRef.get(DataSource, { strict: false });
    if (dataSource.isInitialized) await dataSource.destroy();
    await this.embedded.stop();
    this.embedded = undefined;
  }
}

@Global()
@Module({ providers: [DatabaseServer], exports: [DatabaseServer] })
class DatabaseServerModule {}

@Module({
  imports: [
    DatabaseServerModule,
    TypeOrmModule.forRootAsync({
      inject: [DatabaseServer, ConfigService],
      useFactory: async (server: DatabaseServer, config: ConfigService) => {
        const db = config.getOrThrow<DatabaseConfig>('database');
        const connection = await server.connect();
        if (db.migrationUrl) await runMigrations({ url: db.migrationUrl });
        return { ...dataSourceOptions(connection, db.poolSize), migrationsRun: !db.migrationUrl };
      },
    }),
  ],
  providers: [MigrationsRepository],
  exports: [MigrationsRepository],
})
export class DatabaseModule {}
