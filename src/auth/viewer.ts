import type { FastifyRequest } from 'fastify';
import type { Viewer } from '../web/web.renderer.js';
import { csrfTokenOf } from './csrf.js';
import type { SignedInUser } from './users.service.js';

/** The signed-in person behind a page request (session cookie only), for the page layout. */
export function viewerOf(request: FastifyRequest): Viewer | undefined {
  const user = (request as FastifyRequest & { user?: Partial<SignedInUser> }).user;
  const csrfToken = csrfTokenOf(request);
  if (!user?.displayName || !csrfToken) return undefined;
  return { displayName: user.displayName, csrfToken };
}
