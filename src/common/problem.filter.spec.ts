import { jest } from '@jest/globals';
import { type ArgumentsHost, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, ProblemFilter, toProblem } from './problem.filter.js';

function hostFor(request: Partial<FastifyRequest>) {
  const sent: { status?: number; body?: unknown } = {};
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header() {
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('the error filter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('never writes a national identity number into the error log', () => {
    const logged: unknown[] = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(...args);
    });
    const { host, sent } = hostFor({ url: '/api/x', id: 'req-1', headers: {} });
    new ProblemFilter().catch(
      new Error(
        'duplicate key value violates unique constraint "uq_users_national_id": Key (national_id)=(01010012356)',
      ),
      host,
    );
    expect(sent.status).toBe(500);
    const text = JSON.stringify(logged);
    expect(text).toContain('req-1');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('01010012356');
    expect(JSON.stringify(sent.body)).not.toContain('01010012356');
  });

  it('reports an unreachable database as 503, other database errors as 500', () => {
    const request = { url: '/api/me', id: 'r' } as FastifyRequest;
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(toProblem(refused, request)).toMatchObject({
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
    });
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    const syntax = Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' });
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    expect(toProblem(syntax, request).status).toBe(500);
  });
});
