import http from 'node:http';
import type { AddressInfo } from 'node:net';
import cookie from '@fastify/cookie';
import { ForbiddenException } from '@nestjs/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { csrfTokenFor } from '../src/auth/csrf.js';
import { toProblem } from '../src/common/problem.filter.js';
import type { UploadConfig } from '../src/config/configuration.js';
import { readUpload, registerUploads, type UploadForm } from '../src/uploads/multipart.js';

// The upload gate over HTTP, on a bare Fastify server built with the same
// registration the app uses (registerUploads) and the real CSRF functions;
// the handler of the accepting route "stores" what readUpload hands it.

const SESSION = 'session-token-of-a-signed-in-person';
const TOKEN = csrfTokenFor(SESSION);
const MIB = 1024 * 1024;
const CONFIG: UploadConfig = {
  storage: 'database',
  dir: undefined,
  maxBytes: 10 * MIB,
  maxPixels: 40_000_000,
};

type Part = { name: string; value: string } | { name: string; filename: string; bytes: Buffer };

const BOUNDARY = '----tolkeregister-test-boundary';
/** Keep-alive, as browsers send: a client asking to close would have its upload cut at the answer. */
const agent = new http.Agent({ keepAlive: true });

function multipartBody(parts: Part[], close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      'filename' in part
        ? `form-data; name="${part.name}"; filename="${part.filename}"`
        : `form-data; name="${part.name}"`;
    const type = 'filename' in part ? 'Content-Type: image/jpeg\r\n' : '';
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push('filename' in part ? part.bytes : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

interface Answer {
  status: number;
  body: { code?: string; status?: number; detail?: string; [key: string]: unknown };
  elapsedMs: number;
  sentBytes: number;
}

/**
 * Sends a request over a real socket, streaming the body in 64 KiB chunks
 * and stopping as soon as an answer arrives, so a refusal mid-upload can be
 * seen (and timed) the way a browser would see it.
 */
function send(
  server: FastifyInstance,
  path: string,
  body: Buffer,
  headers: Record<string, string> = {},
  options: { chunked?: boolean } = {},
): Promise<Answer> {
  const { port } = server.server.address() as AddressInfo;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let answered = false;
    let sent = 0;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        agent,
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          ...(options.chunked ? {} : { 'content-length': String(body.length) }),
          ...headers,
        },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({
            status: res.statusCode!,
            body: text ? (JSON.parse(text) as Answer['body']) : {},
            elapsedMs: Date.now() - started,
            sentBytes: sent,
          });
          req.destroy();
        });
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const write = () => {
      while (sent < body.length && !answered) {
        const chunk = body.subarray(sent, sent + 64 * 1024);
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', write);
          return;
        }
      }
      if (!answered) req.end();
    };
    write();
  });
}

describe('file uploads over HTTP: one gate for every multipart route', () => {
  let server: FastifyInstance;
  const stored: UploadForm[] = [];
  const plainCalls: string[] = [];

  beforeAll(async () => {
    server = Fastify({ forceCloseConnections: true });
    await server.register(cookie);
    await registerUploads(server, CONFIG);
    server.setErrorHandler((error, request, reply) => {
      const problem = toProblem(error, request);
      void reply.status(problem.status).type('application/problem+json').send(problem);
    });
    server.post('/upload', { config: { acceptsUploads: true } }, async (request) => {
      const form = await readUpload(request);
      stored.push(form);
      return { stored: stored.length };
    });
    server.post('/upload-refused', { config: { acceptsUploads: true } }, () => {
      throw new ForbiddenException();
    });
    server.post('/not-for-files', () => {
      plainCalls.push('called');
      return { ok: true };
    });
    await server.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    agent.destroy();
    await server?.close();
  });

  beforeEach(() => {
    stored.length = 0;
    plainCalls.length = 0;
  });

  const signedIn = { cookie: `tr_session=${SESSION}` };
  const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);

  it('takes a form whose CSRF token comes before the file, and hands over the fields and the file', async () => {
    const answer = await send(
      server,
      '/upload',
      multipartBody([
        { name: '_csrf', value: TOKEN },
        { name: 'kind', value: 'diploma' },
        { name: 'document', filename: 'Vitnemål.jpg', bytes: photo },
        { name: 'note', value: 'after the file' },
      ]),
      signedIn,
    );
    expect(answer.status).toBe(200);
    expect(stored).toEqual([
      {
        fields: { kind: 'diploma', note: 'after the file' },
        file: { bytes: photo, clientName: 'Vitnemål.jpg' },
      },
    ]);
  });

  it('refuses a signed-in upload without the CSRF token, or with it after the file, and reads no file', async () => {
    for (const parts of [
      [{ name: 'document', filename: 'a.jpg', bytes: photo }],
      [
        { name: 'document', filename: 'a.jpg', bytes: photo },
        { name: '_csrf', value: TOKEN },
      ],
      [
        { name: '_csrf', value: csrfTokenFor('another session') },
        { name: 'document', filename: 'a.jpg', bytes: photo },
      ],
    ]) {
      const answer = await send(server, '/upload', multipartBody(parts), signedIn);
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('CSRF_TOKEN_INVALID');
    }
    expect(stored).toEqual([]);
  });

  it('takes the token in the x-csrf-token header, and none from a bearer-token client', async () => {
    const file = [{ name: 'document', filename: 'a.jpg', bytes: photo }];
    expect(
      (await send(server, '/upload', multipartBody(file), { ...signedIn, 'x-csrf-token': TOKEN }))
        .status,
    ).toBe(200);
    expect(
      (await send(server, '/upload', multipartBody(file), { authorization: 'Bearer trk_x' }))
        .status,
    ).toBe(200);
    expect(stored).toHaveLength(2);
  });

  it('refuses a 30 MB upload at once when its length is declared, before any handler', async () => {
    const body = multipartBody([
      { name: '_csrf', value: TOKEN },
      { name: 'document', filename: 'huge.pdf', bytes: Buffer.alloc(30 * MIB, 0x25) },
    ]);
    const answer = await send(server, '/upload', body, signedIn);
    expect(answer.status).toBe(413);
    expect(answer.body.code).toBe('FILE_TOO_LARGE');
    expect(answer.elapsedMs).toBeLessThan(2000);
    expect(stored).toEqual([]);
  });

  it('stops a 30 MB chunked upload (no declared length) once it passes the limit', async () => {
    const body = multipartBody([
      { name: '_csrf', value: TOKEN },
      { name: 'document', filename: 'huge.pdf', bytes: Buffer.alloc(30 * MIB, 0x25) },
    ]);
    const answer = await send(server, '/upload', body, signedIn, { chunked: true });
    expect(answer.status).toBe(413);
    expect(answer.body.code).toBe('FILE_TOO_LARGE');
    // Answered while the body was still streaming in, well before its end.
    expect(answer.sentBytes).toBeLessThan(25 * MIB);
    expect(answer.elapsedMs).toBeLessThan(5000);
    expect(stored).toEqual([]);
  });

  it('answers at once when the handler refuses before reading the file', async () => {
    const body = multipartBody([
      { name: '_csrf', value: TOKEN },
      { name: 'document', filename: 'big.pdf', bytes: Buffer.alloc(8 * MIB, 0x25) },
    ]);
    for (let i = 0; i < 2; i++) {
      const answer = await send(server, '/upload-refused', body, signedIn);
      expect(answer.status).toBe(403);
      expect(answer.elapsedMs).toBeLessThan(2000);
    }
    expect(stored).toEqual([]);
  });

  it('refuses multipart to a route not marked for uploads (415), before its handler runs', async () => {
    const answer = await send(
      server,
      '/not-for-files',
      multipartBody([
        { name: '_csrf', value: TOKEN },
        { name: 'document', filename: 'a.jpg', bytes: photo },
      ]),
      signedIn,
    );
    expect(answer.status).toBe(415);
    expect(answer.body.code).toBe('UPLOADS_NOT_ACCEPTED');
    expect(plainCalls).toEqual([]);
  });

  it('refuses a second file, too many fields, an over-long field, a NUL and a broken form', async () => {
    const cases: Array<[Part[], number, string, boolean?]> = [
      [
        [
          { name: '_csrf', value: TOKEN },
          { name: 'a', filename: 'a.jpg', bytes: photo },
          { name: 'b', filename: 'b.jpg', bytes: photo },
        ],
        413,
        'TOO_MANY_FILES',
      ],
      [
        [
          { name: '_csrf', value: TOKEN },
          ...Array.from({ length: 25 }, (_, i) => ({ name: `f${i}`, value: 'x' })),
        ],
        413,
        'TOO_MANY_FIELDS',
      ],
      [
        [
          { name: '_csrf', value: TOKEN },
          { name: 'note', value: 'x'.repeat(17 * 1024) },
        ],
        413,
        'FIELD_TOO_LARGE',
      ],
      [
        [
          { name: '_csrf', value: TOKEN },
          { name: 'note', value: 'a\u0000b' },
        ],
        400,
        'INVALID_INPUT',
      ],
      [
        [
          { name: '_csrf', value: TOKEN },
          { name: 'document', filename: 'a.jpg', bytes: photo },
        ],
        400,
        'MALFORMED_MULTIPART',
        false,
      ],
    ];
    for (const [parts, status, code, close] of cases) {
      const answer = await send(server, '/upload', multipartBody(parts, close ?? true), signedIn);
      expect({ code: answer.body.code, status: answer.status }).toEqual({ code, status });
    }
    expect(stored).toEqual([]);
  });

  it('treats an empty file input as no file', async () => {
    const answer = await send(
      server,
      '/upload',
      multipartBody([
        { name: '_csrf', value: TOKEN },
        { name: 'document', filename: '', bytes: Buffer.alloc(0) },
      ]),
      signedIn,
    );
    expect(answer.status).toBe(200);
    expect(stored).toEqual([{ fields: {} }]);
  });
});
