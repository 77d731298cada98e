import {
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC } from './public.decorator.js';
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
    if (this.isPublic(context)) return true;
    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>();
    return this.authorize(context, request.user);
  }

  override handleRequest<T>(error: unknown, user: T | false): T {
    if (error || !user) throw new UnauthorizedException('Sign in to use this.');
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
