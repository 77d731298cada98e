import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  DocumentBuilder,
  type OpenAPIObject,
  type SecurityRequirementObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { IS_PUBLIC } from './auth/public.decorator.js';
import { REQUIRED_ROLES, type Role } from './auth/roles.js';
import { SESSION_COOKIE } from './auth/sessions.service.js';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

/** Either scheme, as the access guard accepts either. A fresh object each time: YAML would alias a shared one. */
const signedIn = (): SecurityRequirementObject[] => [{ session: [] }, { bearer: [] }];

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Access = { isPublic: true } | { isPublic: false; roles: Role[] };

const operationId = (controller: string, method: string): string => `${controller}_${method}`;

/**
 * Who may call each route handler, by operation id, read from @Public() and
 * @Roles() exactly as the access guard reads them (handler over controller).
 */
function accessByOperation(app: NestFastifyApplication): Map<string, Access> {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const access = new Map<string, Access>();
  const owners = new Map<string, unknown>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const controller = metatype as new (...args: never[]) => object;
      for (const name of scanner.getAllMethodNames(controller.prototype as object)) {
        const id = operationId(controller.name, name);
        if (owners.has(id) && owners.get(id) !== controller) {
          throw new Error(`Two controllers are named ${controller.name}: operation ids clash.`);
        }
        owners.set(id, controller);
        const handler = (controller.prototype as Record<string, () => unknown>)[name];
        const targets = [handler, controller];
        access.set(
          id,
          reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)
            ? { isPublic: true }
            : {
                isPublic: false,
                roles: reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, targets) ?? [],
              },
        );
      }
    }
  }
  return access;
}

/**
 * States on every operation what the access guard enforces, so the document
 * alone tells a reader which routes are public (`security: []`) and which
 * need a session or an API token and which roles. Nothing is annotated by
 * hand, so the document cannot drift from the guard; an operation it cannot
 * place fails the document instead of showing up as public.
 */
function declareAccess(document: OpenAPIObject, access: Map<string, Access>): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation: Operation | undefined = item[method];
      if (!operation) continue;
      const rule = operation.operationId ? access.get(operation.operationId) : undefined;
      if (!rule) throw new Error(`No access rule for ${method.toUpperCase()} ${path}.`);
      if (rule.isPublic) {
        operation.security = [];
        continue;
      }
      Object.assign(operation, { security: signedIn(), 'x-required-roles': rule.roles });
      const roles = rule.roles.length > 0 ? rule.roles.join(', ') : 'none (refused to everyone)';
      operation.description = [operation.description, `Roles (any one of): ${roles}.`]
        .filter(Boolean)
        .join('\n\n');
      operation.responses['401'] ??= { description: 'Not signed in (no valid session or token)' };
      operation.responses['403'] ??= { description: 'Signed in without one of the roles' };
    }
  }
  return document;
}

/** The OpenAPI document at /api/openapi.json (and .yaml), and the docs UI at /api/docs. */
export function setupOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Tolkeregister – Nasjonalt tolkeregister')
    .setDescription(
      'The national register of qualified interpreters. Public search needs no login. ' +
        'Every other operation needs a session (signing in on the site) or a personal API ' +
        'token, and one of the roles it lists in x-required-roles; operations with ' +
        '`security: []` are public. Errors are RFC 9457 application/problem+json.',
    )
    .setVersion('1')
    .addCookieAuth(
      SESSION_COOKIE,
      {
        type: 'apiKey',
        in: 'cookie',
        name: SESSION_COOKIE,
        description:
          'The session cookie from signing in (ID-porten for interpreters, the staff login for staff). ' +
          'The browser sends it by itself on this site. A state-changing request made with it must ' +
          "also carry the page's CSRF token in the `x-csrf-token` header and come from this origin; " +
          'requests with a bearer token need neither.',
      },
      'session',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'trk_…',
        description: 'A personal API token from POST /api/me/tokens (staff roles).',
      },
      'bearer',
    )
    // Default deny, as in the access guard; public operations override it with `security: []`.
    .addSecurityRequirements('session')
    .addSecurityRequirements('bearer')
    .build();
  SwaggerModule.setup(
    'api/docs',
    app,
    () =>
      declareAccess(
        SwaggerModule.createDocument(app, config, { operationIdFactory: operationId }),
        accessByOperation(app),
      ),
    {
      jsonDocumentUrl: 'api/openapi.json',
      yamlDocumentUrl: 'api/openapi.yaml',
      // The Authorize dialog takes the API token; keep it across page reloads.
      swaggerOptions: { persistAuthorization: true, showExtensions: true },
    },
  );
}
