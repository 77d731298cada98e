import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from './public.decorator.js';
import { REQUIRED_ROLES, type AuthenticatedUser, type Role } from './roles.js';

/**
 * Default deny: a route is open only when marked @Public(); otherwise the
 * request needs an authenticated user (401 without one) holding one of the
 * route's @Roles() (403 without). A protected route that names no role is
 * refused to everyone, so forgetting @Roles() fails closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>();
    const user = request.user;
    if (!user) throw new UnauthorizedException('Sign in to use this.');
    const required = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, targets) ?? [];
    if (!required.some((role) => user.roles.includes(role))) {
      throw new ForbiddenException('Your role does not give access to this.');
    }
    return true;
  }
}
