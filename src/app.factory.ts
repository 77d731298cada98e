import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import {
  ConsoleLogger,
  type LogLevel,
  type SecurityHeadersOptions,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { resolveSecurityHeaders } from '@nestjs/core/security/security-headers.js';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import { checkCsrfToken } from './auth/csrf.js';
import { answerClientError } from './common/client-errors.js';
import { findUnsafeInput } from './common/input-hygiene.js';
import { loggableUrl } from './common/loggable-url.js';
import { InvalidInputError } from './common/problem.js';
import { toProblem } from './common/problem.filter.js';
import { readSettings } from './config/configuration.js';
import { setupOpenApi } from './openapi.js';
import { isUploadRequest, registerUploads } from './uploads/multipart.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

const NEST_LEVELS: Record<string, LogLevel[]> = {
  trace: ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'],
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
  fatal: ['fatal'],
  silent: [],
};

/** The security headers of every response; the API docs UI relaxes its CSP (below). */
const SECURITY_HEADERS: SecurityHeadersOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      'img-src': ["'self'", 'data:'],
      'object-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
    },
  },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  crossOriginEmbedderPolicy: false,
  xFrameOptions: { action: 'deny' },
};

/** A request with a body to parse (a declared length above zero, or chunked). */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  );
}

/**
 * Builds the application exactly as production runs it; main.ts and the
 * e2e tests both use this, so tests exercise the real pipeline.
 */
export async function createApp(): Promise<NestFastifyApplication> {
  // Read once here: the HTTP adapter's options are needed before Nest (and
  // its ConfigService) exists. Invalid settings stop the start with one message.
  const settings = readSettings();
  const { logLevel, trustProxy } = settings.app;
  const securityHeaders = resolveSecurityHeaders(SECURITY_HEADERS).headers;
  const adapter = new FastifyAdapter({
    logger:
      logLevel === 'silent'
        ? false
        : {
            level: logLevel,
            // Requests are logged as method and a masked URL only: never headers,
            // cookies, or what a person typed into the search box.
            serializers: {
              req: (req: { method: string; url: string }) => ({
                method: req.method,
                url: loggableUrl(req.url),
              }),
            },
          },
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const header = req.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    },
    trustProxy: typeof trustProxy === 'number' ? (_address, hop) => hop < trustProxy : trustProxy,
    // The router rejects a malformed URL before any hook or filter runs.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const problem = toProblem(error, request);
      for (const [name, value] of securityHeaders) void reply.header(name, value);
      void reply
        .status(problem.status)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-request-id', request.id)
        .send(problem);
    },
    // Node's HTTP parser refuses some requests before Fastify sees a request.
    clientErrorHandler(this: { log?: { info(o: object, m: string): void } }, error, socket) {
      answerClientError(
        error,
        socket,
        securityHeaders,
        logLevel === 'silent' ? undefined : this.log,
      );
    },
    bodyLimit: 1024 * 1024,
    // Long enough that any over-long card token reaches the card check and
    // meets its single 404 (Node caps the whole request head at 16 KiB).
    routerOptions: { maxParamLength: 16_384 },
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    logger: new ConsoleLogger({ json: true, logLevels: NEST_LEVELS[logLevel] ?? NEST_LEVELS.info }),
    bufferLogs: false,
  });

  app.useSecurityHeaders(SECURITY_HEADERS);
  // Cross-site requests: a browser's Sec-Fetch-Site, or its Origin against
  // the Host, must say the request came from our own pages (see also the
  // CSRF token below). PUBLIC_BASE_URL is trusted behind a proxy that
  // rewrites Host.
  app.enableCsrfProtection({ trustedOrigins: [new URL(settings.auth.publicBaseUrl).origin] });

  await app.register(cookie);
  // Per-client limits for the routes that opt in (card checks, sign-in). In
  // memory: each instance counts on its own, so N instances allow N times the limit.
  await app.register(rateLimit, {
    global: false,
    max: settings.cards.verifyRateLimit,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many requests; try again in ${context.after}.`), {
        statusCode: 429,
      }),
  });

  const fastify = app.getHttpAdapter().getInstance();
  fastify.decorate('settings', settings);
  // Multipart (file uploads) only on routes marked @AcceptsUploads(), with
  // every limit set; their CSRF token is checked from the form's fields
  // before the file is read. Its hooks run ahead of the two below.
  await registerUploads(fastify, settings.uploads);
  // The API takes JSON only, judged on the route as routed (after URL
  // decoding, so /%61pi/… is /api/…): any body, and any declared content
  // type, must be JSON, also when the Content-Type header is missing. A
  // bodiless state change made with the session cookie needs the CSRF token
  // (below), which another site cannot add.
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    const type = request.headers['content-type'];
    const json =
      type === undefined ? !hasBody(request) : /^application\/(problem\+)?json\b/i.test(type);
    // An upload route (checked by the hook above) takes multipart instead.
    const upload = route !== undefined && request.routeOptions.config?.acceptsUploads === true;
    if (route?.startsWith('/api/') && !json && !upload) {
      done(new UnsupportedMediaTypeException('The API accepts application/json only.'));
      return;
    }
    done();
  });
  // Once for every body-taking route, before validation: text PostgreSQL
  // cannot store and bodies nested deeper than any DTO are refused with a 400
  // naming the field; then the CSRF token of cookie-authenticated requests.
  fastify.addHook('preValidation', (request, _reply, done) => {
    try {
      const unsafe =
        findUnsafeInput(request.body, 'body') ?? findUnsafeInput(request.query, 'query');
      if (unsafe) throw new InvalidInputError([unsafe]);
      // An upload's token came in its form and was checked as it was read.
      if (!isUploadRequest(request)) checkCsrfToken(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    // The docs UI (swagger-ui) styles itself inline; nothing else needs that.
    if (request.url.startsWith('/api/docs')) {
      void reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
      );
    }
  });
  setupOpenApi(app);

  app.enableShutdownHooks();
  return app;
}
