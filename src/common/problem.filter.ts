import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  Optional,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MESSAGES, uiLanguage, uiLanguageFor } from '../web/i18n.js';
import { WebRenderer } from '../web/web.renderer.js';
import { renderCardCheck } from '../cards/card-check.page.js';
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

/** Builds the problem document for any thrown value, without leaking internals. */
export function toProblem(exception: unknown, request: FastifyRequest): ProblemDetails {
  let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
  let detail = 'An unexpected error occurred. Quote the correlation id if you contact us.';
  let code: string | undefined;
  let errors: ProblemDetails['errors'];

  if (exception instanceof DomainError) {
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
  const path = request.url.split('?')[0];
  if (path.startsWith('/api') || path === '/health') return false;
  return (request.headers.accept ?? '').includes('text/html');
}

/** Every API error leaves as RFC 9457 application/problem+json; pages get an HTML page. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Optional() private readonly renderer?: WebRenderer) {}

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
    if (this.renderer && wantsPage(request)) {
      const query = request.query as Record<string, unknown> | undefined;
      const lang = uiLanguage(query?.lang);
      if (problem.status === 401) {
        // A page that needs a signed-in person sends them to sign in.
        void reply
          .header('cache-control', 'no-store')
          .redirect(lang === 'en' ? '/logg-inn?lang=en' : '/logg-inn', 303);
        return;
      }
      const m = MESSAGES[lang];
      const path = request.url.split('?')[0];
      const html =
        problem.status === 404 && path.startsWith('/v/')
          ? // Whatever is wrong with a scanned code, the person sees one "unknown card" page.
            renderCardCheck(
              this.renderer,
              uiLanguageFor(query?.lang, request.headers['accept-language']),
              path,
              undefined,
            )
          : problem.status === 404
            ? this.renderer.renderMessage(lang, m.notFoundTitle, m.notFoundText)
            : this.renderer.renderMessage(lang, m.errorTitle, m.errorText, problem.correlationId);
      void reply
        .status(problem.status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(html);
      return;
    }
    void reply
      .status(problem.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(problem);
  }
}
