import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { ConsoleLogger, type LogLevel, UnsupportedMediaTypeException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import { loggableUrl } from './common/loggable-url.js';
import { toProblem } from './common/problem.filter.js';

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

/** The Content-Security-Policy for everything except the API docs UI. */
const CSP = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  upgradeInsecureRequests: null,
};

/**
 * Builds the application exactly as production runs it; main.ts and the
 * e2e tests both use this, so tests exercise the real pipeline.
 */
export async function createApp(): Promise<NestFastifyApplication> {
  const logLevel = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info');
  const trustProxy = process.env.TRUST_PROXY === 'true' || process.env.TRUST_PROXY === '1';
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
    trustProxy,
    // The router rejects a malformed URL before any hook or filter runs.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const problem = toProblem(error, request);
      void reply
        .status(problem.status)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(problem);
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

  await app.register(cookie);
  // Per-client limits for the routes that opt in (the card checks). In memory:
  // each instance counts on its own, so N instances allow N times the limit.
  await app.register(rateLimit, {
    global: false,
    max: Number(process.env.CARD_VERIFY_RATE_LIMIT ?? 120),
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many requests; try again in ${context.after}.`), {
        statusCode: 429,
      }),
  });
  await app.register(helmet, {
    contentSecurityPolicy: { directives: CSP },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
  });

  const fastify = app.getHttpAdapter().getInstance();
  // The API takes JSON only. A form post (the one thing a cross-site page can
  // send with a person's cookies) is refused before any handler sees it.
  fastify.addHook('onRequest', async (request, reply) => {
    const type = request.headers['content-type'];
    if (
      request.url.startsWith('/api/') &&
      type !== undefined &&
      !/^application\/(problem\+)?json\b/i.test(type)
    ) {
      const problem = toProblem(
        new UnsupportedMediaTypeException('The API accepts application/json only.'),
        request,
      );
      await reply
        .status(problem.status)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send(problem);
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
  const openApi = new DocumentBuilder()
    .setTitle('Tolkeregister – Nasjonalt tolkeregister')
    .setDescription(
      'The national register of qualified interpreters. Public search needs no login. ' +
        'Errors are RFC 9457 application/problem+json.',
    )
    .setVersion('1')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
  });

  app.enableShutdownHooks();
  return app;
}
