import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startTestApp, type TestApp } from './setup/test-app.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes no HTTP client library would send, and reads the whole answer. */
function raw(port: number, bytes: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      const status = Number(statusLine.split(' ')[1]);
      if (!status) reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      resolve({ status, headers, body: rest.join('\r\n\r\n') });
    });
    socket.setTimeout(10_000, () => socket.destroy());
    socket.write(bytes);
  });
}

const SECURITY_HEADERS = [
  'content-security-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
];

describe('Requests the HTTP parser cannot read are answered like every other error', () => {
  let t: TestApp;
  let port: number;
  let ordinary: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    const res = await request(t.server).get('/api/nowhere');
    ordinary = res.headers;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const cases: Array<[string, () => string | Buffer, number]> = [
    ['a lowercase method', () => 'get /health HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['an unknown method', () => 'FROBNICATE /health HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    [
      'a control character in a header',
      () => 'GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n',
      400,
    ],
    [
      'a broken chunked body',
      () =>
        'POST /api/admin/staff HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      400,
    ],
    [
      'a request head over 16 KiB',
      () => `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000)}\r\n\r\n`,
      431,
    ],
    [
      'a malformed URL',
      () => 'GET /api/interpreters/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      400,
    ],
  ];

  it.each(cases)(
    '%s → problem+json with the security headers and a request id',
    async (_l, bytes, status) => {
      const answer = await raw(port, bytes());
      expect(answer.status).toBe(status);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      for (const name of SECURITY_HEADERS) expect(answer.headers[name]).toBe(ordinary[name]);
      const problem = JSON.parse(answer.body) as { status: number; correlationId: string };
      expect(problem.status).toBe(status);
      expect(answer.headers['x-request-id']).toMatch(/^[\w.-]{1,64}$/);
      expect(problem.correlationId).toBe(answer.headers['x-request-id']);
      expect(answer.body).not.toMatch(/"error":/);
    },
  );
});
