import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/configuration.js';
import type { Clock } from './deadlines.js';

/**
 * The reports feature's clock (issue #11): every deadline, every "today",
 * every time written to a report table that a deadline or the retention
 * period is counted from (received, acknowledged, decided, closed, the
 * reporter's last activity) comes from here, never from `Date.now()` or the
 * database's `now()`, so tests can move time and watch deadlines pass,
 * exclusions end and closed reports expire.
 *
 * In production it is the system clock. Tests move it with `travelTo` /
 * `travel`, which refuse to work when NODE_ENV=production.
 */
@Injectable()
export class ReportsClock implements Clock {
  private offsetMs = 0;
  private readonly production: boolean;

  constructor(config: ConfigService) {
    this.production = config.getOrThrow<AppConfig>('app').env === 'production';
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Whether the clock may be moved (never in production). */
  get movable(): boolean {
    return !this.production;
  }

  /** Tests only: from now on the clock reads `instant` (and runs on from there). */
  travelTo(instant: Date): void {
    this.assertNotProduction();
    this.offsetMs = instant.getTime() - Date.now();
  }

  /** Tests only: moves the clock forward by `days` days. */
  travel(days: number): void {
    this.assertNotProduction();
    this.offsetMs += days * 86_400_000;
  }

  /** Tests only: back to the system clock. */
  reset(): void {
    this.offsetMs = 0;
  }

  private assertNotProduction(): void {
    if (this.production) {
      throw new Error('The reports clock cannot be moved in production.');
    }
  }
}
