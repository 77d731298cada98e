import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type Actor, anonymousVisitor } from '../audit/actor.js';
import type { SignedInUser } from './users.service.js';

type Request = FastifyRequest & { user?: SignedInUser };

/** The actor behind a request: the signed-in user with their roles, or an anonymous visitor. */
export function actorOf(request: FastifyRequest): Actor {
  const user = (request as Request).user;
  if (!user) return anonymousVisitor(request.ip);
  return {
    type: user.kind === 'staff' ? 'staff' : 'interpreter',
    userId: user.id,
    roles: user.roles,
    clientIp: request.ip,
  };
}

/**
 * The signed-in user of a protected route (the access guard has made sure
 * there is one). On a public route, undefined when nobody is signed in.
 */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): SignedInUser =>
    context.switchToHttp().getRequest<Request>().user!,
);

/** Who acts in this request, for every service method that writes. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor =>
    actorOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
