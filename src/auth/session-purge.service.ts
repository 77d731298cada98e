import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AuthConfig } from '../config/configuration.js';
import { LoginAttemptsRepository } from './login-attempts.repository.js';
import { LOGIN_TTL_MINUTES } from './oidc.service.js';
import { SessionsRepository } from './sessions.repository.js';

/** How often each app node clears out dead sessions and stale login attempts. */
export const PURGE_INTERVAL_MS = 10 * 60_000;

/**
 * Sessions that can never be used again (signed out, past the absolute
 * timeout, or idle too long) and login attempts that were used or have
 * expired are deleted, so the tables hold only what is live. The audit trail
 * keeps the record of each sign-in and sign-out. Every node runs the purge;
 * the deletes are idempotent, so running them on several nodes is harmless.
 */
@Injectable()
export class SessionPurgeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionPurgeService.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sessionRows: SessionsRepository,
    private readonly loginAttempts: LoginAttemptsRepository,
    private readonly config: ConfigService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.purge().catch((error: unknown) =>
        this.logger.warn(`Session purge failed: ${(error as Error).message}`),
      );
    }, PURGE_INTERVAL_MS);
    // The purge must never keep the process alive on its own.
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async purge(): Promise<{ sessions: number; loginAttempts: number }> {
    const { sessionIdleMinutes } = this.config.getOrThrow<AuthConfig>('auth');
    const sessions = await this.sessionRows.purge(sessionIdleMinutes);
    const loginAttempts = await this.loginAttempts.purge(LOGIN_TTL_MINUTES);
    if (sessions + loginAttempts > 0) {
      this.logger.log(`Purged ${sessions} dead sessions and ${loginAttempts} stale login attempts`);
    }
    return { sessions, loginAttempts };
  }
}
