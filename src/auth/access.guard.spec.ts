import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessGuard } from './access.guard.js';
import { Public } from './public.decorator.js';
import { Roles, type AuthenticatedUser } from './roles.js';

class Routes {
  @Public()
  open(): void {}

  @Roles('case_handler', 'administrator')
  decide(): void {}

  forgotRoles(): void {}
}

function context(handler: keyof Routes, user?: AuthenticatedUser): ExecutionContext {
  return {
    // The guard only reads metadata off the handler; it never calls it.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => ({ user }) }),
  } as unknown as ExecutionContext;
}

describe('AccessGuard', () => {
  const guard = new AccessGuard(new Reflector());
  const handler: AuthenticatedUser = { id: 'u1', roles: ['case_handler'] };
  const interpreter: AuthenticatedUser = { id: 'u2', roles: ['interpreter'] };

  it('lets anyone through to a public route, without asking who they are', async () => {
    await expect(guard.canActivate(context('open'))).resolves.toBe(true);
  });

  it('refuses an anonymous caller with 401', () => {
    expect(() => guard.authorize(context('decide'), undefined)).toThrow(UnauthorizedException);
    expect(() => guard.handleRequest(null, false)).toThrow(UnauthorizedException);
  });

  it('lets a failure to check the credentials through as itself, not as "please sign in"', () => {
    const outage = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    expect(() => guard.handleRequest(outage, false)).toThrow(outage);
  });

  it('refuses the wrong role with 403 and admits the right one', () => {
    expect(() => guard.authorize(context('decide'), interpreter)).toThrow(ForbiddenException);
    expect(guard.authorize(context('decide'), handler)).toBe(true);
  });

  it('fails closed when a protected route names no role', () => {
    expect(() => guard.authorize(context('forgotRoles'), handler)).toThrow(ForbiddenException);
  });
});
