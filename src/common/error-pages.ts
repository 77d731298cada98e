import type { FastifyRequest } from 'fastify';
import type { ProblemDetails } from './problem.js';

/**
 * What a person's browser gets instead of problem+json: a page, or a
 * redirect (to sign in). Provided by the page layer under ERROR_PAGES, so the
 * global error filter needs to know nothing about pages, texts or features.
 */
export type ErrorPage = { html: string } | { redirect: string };

export interface ErrorPages {
  render(problem: ProblemDetails, request: FastifyRequest): ErrorPage;
}

export const ERROR_PAGES = Symbol('ERROR_PAGES');
