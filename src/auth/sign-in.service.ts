import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Actor, anonymousVisitor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { type LoginFailure, LoginRefused, type VerifiedLogin } from './oidc.service.js';
import { SessionsService } from './sessions.service.js';
import { UsersService } from './users.service.js';

/** What a verified login, a refused one and a sign-out do to the register. */
@Injectable()
export class SignInService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * A verified login becomes a session, in one transaction: the user (a
   * citizen is created at the first sign-in; unknown staff are refused), a
   * new session id, and the audit row. Returns the session cookie's value.
   */
  signIn(login: VerifiedLogin, clientIp: string): Promise<string> {
    return this.dataSource.transaction(async (em) => {
      const citizen = login.nationalId !== null;
      const userId = citizen
        ? await this.users.citizen(em, login.nationalId!, login.name)
        : await this.users.staff(em, login.subject);
      if (!userId) throw new LoginRefused('unknown_staff');
      const token = await this.sessions.create(em, userId, login.provider, login.acr);
      const actor: Actor = {
        type: citizen ? 'interpreter' : 'staff',
        userId,
        roles: [],
        clientIp,
      };
      await this.audit.record(em, actor, {
        action: 'auth.login',
        details: { provider: login.provider, acr: login.acr },
      });
      return token;
    });
  }

  /** A refused login leaves nothing but the audit row (no user, no session). */
  async refused(provider: string, reason: LoginFailure, clientIp: string): Promise<void> {
    await this.audit.record(this.dataSource.manager, anonymousVisitor(clientIp), {
      action: 'auth.login_failed',
      details: { provider, reason },
    });
  }

  /** Ends the session behind the cookie, if it is alive; the same cookie never works again. */
  async signOut(sessionToken: string | undefined, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const userId = await this.sessions.end(em, sessionToken);
      if (userId) await this.audit.record(em, actor, { action: 'auth.logout' });
    });
  }
}
