import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import PgBoss from 'pg-boss';
import { DataSource, type EntityManager } from 'typeorm';
import { JOBS_SCHEMA } from '../../migrations/1764086400000-jobs-and-notifications.js';
import type { JobsConfig } from '../config/configuration.js';
import { DataSourceDb, transactionDb } from './pg-boss-db.js';

/** What a job may say about its own retries; the queue's settings (see the migration) apply otherwise. */
export interface JobOptions {
  retryLimit?: number;
  /** Seconds before the first retry. */
  retryDelaySeconds?: number;
  /** Double the delay at each retry. */
  retryBackoff?: boolean;
  /** Seconds to wait before the job may run. */
  startAfterSeconds?: number;
}

/** A job's data, as it was sent, and its id. */
export interface Job<T> {
  id: string;
  data: T;
}

/** How long a node waits on shutdown for the jobs it is working. */
const STOP_TIMEOUT_MS = 10_000;

/**
 * The background job runner: a PostgreSQL-backed queue (pg-boss) shared by
 * every app node. A job is a row; a node takes it with `FOR UPDATE SKIP
 * LOCKED`, so one node runs it; a job whose handler throws is retried later.
 * Handlers must be idempotent: after a crash a job can run again.
 *
 * pg-boss runs its SQL through the app's own data source (see
 * `pg-boss-db.ts`) and never creates or migrates its schema (a migration
 * does, as the schema owner). Every node can enqueue; only nodes with
 * `JOBS_ENABLED` (the default) poll for jobs, every `JOBS_POLL_SECONDS`.
 */
@Injectable()
export class JobRunner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(JobRunner.name);
  private readonly settings: JobsConfig;
  private readonly db: DataSourceDb;
  private readonly boss: PgBoss;
  private started = false;
  private stopping = false;
  private readonly running = new Set<Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(dataSource: DataSource, config: ConfigService) {
    this.settings = config.getOrThrow<JobsConfig>('jobs');
    this.db = new DataSourceDb(dataSource);
    this.boss = new PgBoss({
      db: this.db,
      schema: JOBS_SCHEMA,
      // The schema comes from a migration: start() only checks its version.
      migrate: false,
      // No cron: nothing here needs it, and it would create a queue at run time.
      schedule: false,
      // Expiry of stuck jobs and the archive, by one node at a time.
      supervise: true,
      pollingIntervalSeconds: this.settings.pollSeconds,
    });
    // pg-boss reports failed polls and maintenance as events; unheard, they would crash the process.
    this.boss.on('error', (error: Error) =>
      this.logger.warn(`Job queue: ${error.message.split('\n')[0]}`),
    );
  }

  /** Whether this node works jobs (JOBS_ENABLED). */
  get enabled(): boolean {
    return this.settings.enabled;
  }

  async onModuleInit(): Promise<void> {
    if (!this.settings.enabled) {
      this.logger.log('Jobs are not worked on this node (JOBS_ENABLED=false)');
      return;
    }
    await this.boss.start();
    this.started = true;
  }

  /**
   * Queues a job in the caller's transaction: it exists only if that
   * transaction commits. The queue must exist (created by a migration).
   */
  async send(
    em: EntityManager,
    queue: string,
    data: object,
    options: JobOptions = {},
  ): Promise<string | null> {
    return this.boss.send(queue, data, {
      db: transactionDb(em),
      ...(options.retryLimit !== undefined ? { retryLimit: options.retryLimit } : {}),
      ...(options.retryDelaySeconds !== undefined ? { retryDelay: options.retryDelaySeconds } : {}),
      ...(options.retryBackoff !== undefined ? { retryBackoff: options.retryBackoff } : {}),
      ...(options.startAfterSeconds !== undefined ? { startAfter: options.startAfterSeconds } : {}),
    });
  }

  /**
   * Works the queue's jobs on this node, if jobs are enabled here: each poll
   * takes up to `batchSize` jobs, which run one after another. A handler that
   * throws fails its job alone, which is retried as the job and its queue
   * say; its error message is kept with the job, so it must not contain
   * personal data.
   */
  async work<T extends object>(
    queue: string,
    handler: (job: Job<T>) => Promise<void>,
    options: { batchSize?: number } = {},
  ): Promise<void> {
    if (!this.started) return;
    await this.boss.work<T>(queue, { batchSize: options.batchSize ?? 5 }, async (jobs) => {
      for (const job of jobs) {
        try {
          await this.track(async () => {
            // Started as the node stops: leave it for the next poll (here or elsewhere).
            if (this.stopping) throw new Error('the node is stopping');
            await handler({ id: job.id, data: job.data });
          });
        } catch (error) {
          // pg-boss then completes the batch's other jobs, which are still active.
          await this.boss.fail(queue, job.id, { message: (error as Error).message });
        }
      }
    });
  }

  /**
   * Runs `task` every `seconds` on this node, if jobs are enabled here; one
   * run at a time, errors logged. Tasks that every node runs must be safe to
   * run on several at once (claim rows with SKIP LOCKED, say).
   */
  repeat(name: string, seconds: number, task: () => Promise<unknown>): void {
    if (!this.started) return;
    let busy = false;
    const timer = setInterval(() => {
      if (busy || this.stopping) return;
      busy = true;
      void this.track(task)
        .catch((error: unknown) => this.logger.warn(`${name} failed: ${(error as Error).message}`))
        .finally(() => (busy = false));
    }, seconds * 1000);
    // Never keeps the process alive on its own.
    timer.unref();
    this.timers.add(timer);
  }

  /**
   * Stops polling, lets running jobs finish (up to 10 s) and waits for
   * pg-boss's last statements (it marks a job done without waiting), before
   * any module's shutdown closes the pool.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    if (this.started) {
      await this.boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS });
      this.started = false;
    }
    await Promise.allSettled([...this.running]);
    await this.db.close();
  }

  private track<R>(work: () => Promise<R>): Promise<R> {
    const promise = work();
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise)).catch(() => undefined);
    return promise;
  }
}
