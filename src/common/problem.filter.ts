import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  Optional,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_PAGES, type ErrorPages } from './error-pages.js';
import { DomainError, type ProblemDetails } from './problem.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const DEFAULT_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

/** Driver and pool errors that mean "the database cannot be reached", not "the query is wrong". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);
const UNREACHABLE_MESSAGES =
  /Connection terminated|pool after calling end|Connection is not established|timeout exceeded when trying to connect|Client has encountered a connection error|is not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)/i;

export function isDatabaseUnavailable(exception: unknown): boolean {
  // Duck-typed: socket errors come from Node's own realm, where instanceof Error may not hold.
  if (typeof exception !== 'object' || exception === null) return false;
  const error = exception as { code?: unknown; message?: unknown; driverError?: unknown };
  if (typeof error.code === 'string' && UNREACHABLE_CODES.has(error.code)) return true;
  if (typeof error.message === 'string' && UNREACHABLE_MESSAGES.test(error.message)) return true;
  return error.driverError !== undefined && isDatabaseUnavailable(error.driverError);
}

/** Builds the problem document for any thrown value, without leaking internals. */
export function toProblem(exception: unknown, request: FastifyRequest): ProblemDetails {
  let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
  let detail = 'An unexpected error occurred. Quote the correlation id if you contact us.';
  let code: string | undefined;
  let errors: ProblemDetails['errors'];

  if (isDatabaseUnavailable(exception)) {
    status = HttpStatus.SERVICE_UNAVAILABLE;
    detail =
      'The register cannot reach its database right now. Try again shortly; quote the correlation id if you contact us.';
    code = 'DATABASE_UNAVAILABLE';
  } else if (exception instanceof DomainError) {
    status = exception.getStatus();
    detail = exception.message;
    code = exception.code;
    errors = exception.errors;
  } else if (exception instanceof HttpException) {
    status = exception.getStatus();
    const body = exception.getResponse();
    const message =
      typeof body === 'string' ? body : (body as { message?: string | string[] }).message;
    detail = Array.isArray(message) ? message.join('; ') : (message ?? exception.message);
    if (status === 404) detail = 'No resource at this address.';
    // The framework's cross-origin check (app.enableCsrfProtection) throws a plain 403.
    if (status === 403 && detail.startsWith('Cross-origin request')) {
      code = 'CROSS_SITE_REQUEST';
      detail =
        'A state-changing request from another site is refused. Use the register’s own pages.';
    }
  } else if (isFastifyError(exception) && exception.statusCode < 500) {
    status = exception.statusCode;
    detail = exception.message;
  }

  return {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code: code ?? DEFAULT_CODES[status],
    instance: request.url.split('?')[0],
    correlationId: String(request.id),
    ...(errors ? { errors } : {}),
  };
}

function isFastifyError(e: unknown): e is Error & { statusCode: number } {
  return e instanceof Error && typeof (e as { statusCode?: unknown }).statusCode === 'number';
}

/** A person's browser asking for a page (not the API) gets an HTML error page. */
function wantsPage(request: FastifyRequest): boolean {
  // The route as routed, when there is one: /%61pi/… is the API too.
  const path = request.routeOptions?.url ?? request.url.split('?')[0];
  if (path.startsWith('/api') || path === '/health') return false;
  return (request.headers.accept ?? '').includes('text/html');
}

/** Every API error leaves as RFC 9457 application/problem+json; pages get an HTML page. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Optional() @Inject(ERROR_PAGES) private readonly pages?: ErrorPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const problem = toProblem(exception, request);
    if (problem.status >= 500) {
      this.logger.error(
        {
          reqId: request.id,
          // Driver messages can quote key values; never let an identity number reach the log.
          err: (exception instanceof Error
            ? (exception.stack ?? exception.message)
            : String(exception)
          ).replace(/\d{11}/g, '[redacted]'),
        },
        'Unhandled error',
      );
    }
    if (this.pages && wantsPage(request)) {
      const page = this.pages.render(problem, request);
      void reply.header('cache-control', 'no-store');
      if ('redirect' in page) {
        void reply.redirect(page.redirect, 303);
        return;
      }
      void reply
        .status(problem.status)
        .header('content-type', 'text/html; charset=utf-8')
        .send(page.html);
      return;
    }
    void reply
      .status(problem.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(problem);
  }
}
