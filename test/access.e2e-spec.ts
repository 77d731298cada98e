import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import request from 'supertest';
import { IS_PUBLIC } from '../src/auth/public.decorator.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

/** The routes anyone may use without signing in. Adding one is a decision: add it here. */
const PUBLIC_ROUTES = [
  'GET /',
  'GET /api/interpreters',
  'GET /api/interpreters/:interpreterNumber',
  'GET /api/languages',
  'GET /api/statistics',
  'GET /api/statistics.csv',
  'GET /assets/site.css',
  'GET /auth/:provider/callback',
  'GET /auth/:provider/login',
  'GET /health',
  'GET /logg-inn',
  'GET /statistikk',
  'GET /tolk/:interpreterNumber',
  'POST /auth/logout',
];

interface Route {
  key: string;
  path: string;
  method: string;
  isPublic: boolean;
}

function join(...parts: string[]): string {
  const path = parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/');
  return `/${path}`;
}

/** Every controller route in the application, with whether it is marked public. */
function routesOf(t: TestApp): Route[] {
  const reflector = t.app.get(Reflector);
  const routes: Route[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const isPublic =
          reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller]) ?? false;
        const full = join(base, path);
        routes.push({ key: `${method} ${full}`, path: full, method, isPublic });
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

describe('Access: everything is closed unless it is marked public', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('the public routes are exactly the ones decided on', () => {
    const routes = routesOf(t);
    expect(routes.length).toBeGreaterThanOrEqual(PUBLIC_ROUTES.length);
    expect(routes.filter((r) => r.isPublic).map((r) => r.key)).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('every other route refuses an anonymous caller with a 401 problem', async () => {
    const closed = routesOf(t).filter((r) => !r.isPublic);
    expect(closed.map((r) => r.key)).toContain('GET /api/me');
    for (const route of closed) {
      const path = route.path.replace(/:(\w+)/g, '1');
      const res = await request(t.server)[route.method.toLowerCase() as 'get'](path);
      expect({ route: route.key, status: res.status }).toEqual({ route: route.key, status: 401 });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
