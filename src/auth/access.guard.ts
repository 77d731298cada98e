import {
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { IS_PUBLIC } from './public.decorator.js';
import { SESSION_COOKIE } from './sessions.service.js';
import { REQUIRED_ROLES, type AuthenticatedUser, type Role } from './roles.js';

/**
 * Default deny: a route is open only when marked @Public(); otherwise Passport
 * must find a signed-in user, from the session cookie or a bearer token (401
 * without one), holding one of the route's
 * @Roles() (403 without). A protected route that names no role is refused to
 * everyone, so forgetting @Roles() fails closed.
 */
@Injectable()
export class AccessGuard extends AuthGuard(['session', 'bearer']) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.isPublic(context)) {
      await this.recogniseSignedIn(context);
      return true;
    }
    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>();
    return this.authorize(context, request.user);
  }

  /**
   * Public pages still show who is signed in (and give them a sign-out
   * button), so a session cookie on a public route is resolved when present;
   * a dead one is simply ignored.
   */
  private async recogniseSignedIn(context: ExecutionContext): Promise<void> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!request.cookies?.[SESSION_COOKIE]) return;
    try {
      await super.canActivate(context);
    } catch (error) {
      if (!(error instanceof UnauthorizedException)) throw error;
    }
  }

  /**
   * Passport reports "no valid credentials" as a missing user and a failure
   * to check them (the database is down) as an error: only the first means
   * "sign in"; the second must surface as a server error, not as a 401 that
   * sends a signed-in person back to the login page.
   */
  override handleRequest<T>(error: unknown, user: T | false): T {
    // Rethrown as it came (a driver error from Node's own realm need not be instanceof Error).
    if (error) throw error as Error;
    if (!user) throw new UnauthorizedException('Sign in to use this.');
    return user;
  }

  isPublic(context: ExecutionContext): boolean {
    return (
      this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
        context.getHandler(),
        context.getClass(),
      ]) ?? false
    );
  }

  /** The role decision for an authenticated (or missing) user. */
  authorize(context: ExecutionContext, user: AuthenticatedUser | undefined): boolean {
    if (!user) throw new UnauthorizedException('Sign in to use this.');
    const required =
      this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    if (!required.some((role) => user.roles.includes(role))) {
      throw new ForbiddenException('Your role does not give access to this.');
    }
    return true;
  }
}
