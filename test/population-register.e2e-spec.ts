import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { OidcService } from '../src/auth/oidc.service.js';
import { StaticTokenSource } from '../src/population/access-token-source.js';
import { FregHttpClient, type FregHttpClientOptions } from '../src/population/freg-http-client.js';
import {
  PopulationRegister,
  PopulationRegisterUnavailableError,
} from '../src/population/population-register.js';
import { SyntheticPopulation } from '../src/population/synthetic-population.js';
import { createInterpreter } from './factories/interpreter.factory.js';
import { HeadlessBrowser } from './setup/headless-browser.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

const AMINA = '29858841230';
const TOKEN = 'test-token-3f9a';

/** What Folkeregisteret answers for a person living in Bergen. */
const AMINA_DOCUMENT = JSON.stringify({
  identifikasjonsnummer: [
    {
      erGjeldende: true,
      foedselsEllerDNummer: AMINA,
      identifikatortype: 'foedselsnummer',
      status: 'iBruk',
    },
  ],
  navn: [{ erGjeldende: true, fornavn: 'Amina', etternavn: 'Hassan' }],
  status: [{ erGjeldende: true, status: 'bosatt' }],
  adressebeskyttelse: [{ erGjeldende: true, graderingsnivaa: 'ugradert' }],
  bostedsadresse: [
    {
      erGjeldende: true,
      adressegradering: 'ugradert',
      vegadresse: {
        kommunenummer: '4601',
        adressenavn: 'Nygårdsgaten',
        poststed: { poststedsnavn: 'BERGEN', postnummer: '5015' },
      },
    },
  ],
});

const NOT_FOUND = JSON.stringify({ kode: 'FREG-001', melding: `Fant ikke person ${AMINA}` });

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before the status line. */
  delayMs?: number;
  /** Send the head at once, the body this much later. */
  bodyDelayMs?: number;
}

interface Seen {
  path: string;
  authorization: string | undefined;
  accept: string | undefined;
  at: number;
}

/**
 * Folkeregisteret's stand-in: answers each request with the next reply of
 * the script (the last one repeats) and records what it was sent.
 */
class StubRegister {
  private server!: http.Server;
  private script: Reply[] = [];
  seen: Seen[] = [];
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      res.on('error', () => undefined);
      this.seen.push({
        path: req.url ?? '',
        authorization: req.headers.authorization,
        accept: req.headers.accept,
        at: Date.now(),
      });
      const reply = this.script.length > 1 ? this.script.shift()! : this.script[0];
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        if (reply.bodyDelayMs) {
          res.flushHeaders();
          setTimeout(() => res.destroyed || res.end(reply.body ?? ''), reply.bodyDelayMs);
        } else {
          res.end(reply.body ?? '');
        }
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  answer(...replies: Reply[]): void {
    this.script = replies;
    this.seen = [];
  }

  gaps(): number[] {
    return this.seen.slice(1).map((s, i) => s.at - this.seen[i].at);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('Population register: the HTTP client against a stand-in for Folkeregisteret', () => {
  const stub = new StubRegister();
  /** Every log line and error message the client produced, to search for identity numbers. */
  const said: string[] = [];
  const logger = {
    warn: (message: unknown) => void said.push(String(message)),
    error: (message: unknown) => void said.push(String(message)),
  };

  function client(options: Partial<FregHttpClientOptions> = {}): FregHttpClient {
    return new FregHttpClient(new StaticTokenSource(TOKEN), {
      baseUrl: `${stub.url}/`,
      // Generous: a loaded CI machine must not turn a stand-in's answer into a timeout.
      // The tests of timeouts set their own.
      timeoutMs: 3_000,
      maxAttempts: 3,
      maxRetryWaitMs: 300,
      backoffBaseMs: 20,
      logger,
      ...options,
    });
  }

  async function unavailable(
    promise: Promise<unknown>,
  ): Promise<PopulationRegisterUnavailableError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PopulationRegisterUnavailableError);
    said.push((error as Error).message);
    return error as PopulationRegisterUnavailableError;
  }

  beforeAll(() => stub.start());
  afterAll(() => stub.stop());

  it('finds a person: GET …/personer/{id} with the bearer token, JSON accepted', async () => {
    stub.answer({ status: 200, body: AMINA_DOCUMENT });
    await expect(client().lookup(AMINA)).resolves.toEqual({
      outcome: 'found',
      person: {
        identifierType: 'fnr',
        givenName: 'Amina',
        middleName: null,
        familyName: 'Hassan',
        addressProtected: false,
        countyCode: '46',
        municipalityNumber: '4601',
        municipalityName: 'Bergen',
        status: 'bosatt',
      },
    });
    expect(stub.seen).toEqual([
      {
        path: `/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/${AMINA}`,
        authorization: `Bearer ${TOKEN}`,
        accept: 'application/json',
        at: expect.any(Number),
      },
    ]);
  });

  it('a 404 with the service’s error body is "not found", asked once', async () => {
    stub.answer({ status: 404, body: NOT_FOUND });
    await expect(client().lookup(AMINA)).resolves.toEqual({ outcome: 'not_found' });
    expect(stub.seen).toHaveLength(1);
  });

  it('a 404 from something else (a wrong URL, a proxy) is not taken for "no such person"', async () => {
    stub.answer({
      status: 404,
      headers: { 'content-type': 'text/html' },
      body: '<h1>Not Found</h1>',
    });
    const error = await unavailable(client().lookup(AMINA));
    expect(error.message).toMatch(/404/);
    expect(stub.seen).toHaveLength(1);
  });

  it('429 with Retry-After "1500" waits 1.5 s (milliseconds, as Skatteetaten documents), then asks again', async () => {
    stub.answer(
      { status: 429, headers: { 'retry-after': '1500' }, body: '{"kode":"FREG-429"}' },
      { status: 200, body: AMINA_DOCUMENT },
    );
    const result = await client({ maxRetryWaitMs: 5000 }).lookup(AMINA);
    expect(result.outcome).toBe('found');
    expect(stub.seen).toHaveLength(2);
    expect(stub.gaps()[0]).toBeGreaterThanOrEqual(1450);
    expect(stub.gaps()[0]).toBeLessThan(2500);
  });

  it('429 with Retry-After "1" waits a second (small numbers are seconds)', async () => {
    stub.answer(
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 200, body: AMINA_DOCUMENT },
    );
    const result = await client({ maxRetryWaitMs: 5000 }).lookup(AMINA);
    expect(result.outcome).toBe('found');
    expect(stub.gaps()[0]).toBeGreaterThanOrEqual(950);
    expect(stub.gaps()[0]).toBeLessThan(2000);
  });

  it('a huge Retry-After is capped at maxRetryWaitMs', async () => {
    stub.answer(
      { status: 429, headers: { 'retry-after': '3600000' } },
      { status: 200, body: AMINA_DOCUMENT },
    );
    const started = Date.now();
    const result = await client({ maxRetryWaitMs: 300 }).lookup(AMINA);
    expect(result.outcome).toBe('found');
    expect(stub.gaps()[0]).toBeGreaterThanOrEqual(280);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('503 twice, then an answer: retried with growing backoff', async () => {
    stub.answer({ status: 503 }, { status: 503 }, { status: 200, body: AMINA_DOCUMENT });
    const result = await client({ backoffBaseMs: 100 }).lookup(AMINA);
    expect(result.outcome).toBe('found');
    expect(stub.seen).toHaveLength(3);
    const [first, second] = stub.gaps();
    // Equal jitter: 50–100 ms after the first failure, 100–200 ms after the second.
    expect(first).toBeGreaterThanOrEqual(45);
    expect(second).toBeGreaterThanOrEqual(95);
  });

  it('5xx every time: PopulationRegisterUnavailableError after maxAttempts', async () => {
    stub.answer({ status: 500, body: '{"kode":"FREG-500","melding":"intern feil"}' });
    const error = await unavailable(client({ maxAttempts: 4 }).lookup(AMINA));
    expect(stub.seen).toHaveLength(4);
    expect(error.attempts).toBe(4);
    expect(error.message).toMatch(/after 4 attempts \(HTTP 500 FREG-500\)/);
  });

  it('an answer slower than the timeout is given up, retried, then unavailable', async () => {
    stub.answer({ status: 200, body: AMINA_DOCUMENT, delayMs: 600 });
    const started = Date.now();
    const error = await unavailable(client({ timeoutMs: 150 }).lookup(AMINA));
    expect(stub.seen).toHaveLength(3);
    expect(error.message).toMatch(/no answer within 150 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('a body that trickles in past the timeout counts as no answer too', async () => {
    stub.answer({ status: 200, body: AMINA_DOCUMENT, bodyDelayMs: 600 });
    const error = await unavailable(client({ timeoutMs: 150, maxAttempts: 2 }).lookup(AMINA));
    expect(stub.seen).toHaveLength(2);
    expect(error.message).toMatch(/no answer within 150 ms/);
  });

  it('a network error is retried, then unavailable', async () => {
    const closed = new StubRegister();
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const error = await unavailable(client({ baseUrl: url }).lookup(AMINA));
    expect(error.attempts).toBe(3);
    expect(error.message).toMatch(/network error \(ECONNREFUSED\)/);
  });

  it('an answer it cannot read is unavailable at once, not a crash or a guess', async () => {
    for (const body of [
      '{"navn": "Amina"}',
      'not json',
      '[]',
      '{"navn":[{"erGjeldende":false}]}',
    ]) {
      stub.answer({ status: 200, body });
      await unavailable(client().lookup(AMINA));
      expect(stub.seen).toHaveLength(1);
    }
  });

  it('a refused token is unavailable at once (retrying cannot help)', async () => {
    stub.answer({ status: 401, body: '{"kode":"FREG-401"}' });
    const error = await unavailable(client().lookup(AMINA));
    expect(stub.seen).toHaveLength(1);
    expect(error.message).toMatch(/401 FREG-401: the token was refused/);
  });

  it('refuses anything but an identity number before it reaches a URL', async () => {
    stub.answer({ status: 200, body: AMINA_DOCUMENT });
    await expect(client().lookup('../../admin')).rejects.toThrow(RangeError);
    await expect(client().lookup('29858841231')).rejects.toThrow(RangeError);
    expect(stub.seen).toHaveLength(0);
  });

  it('never put the identity number in a log line or an error message', () => {
    expect(said.length).toBeGreaterThan(10);
    for (const line of said) expect(line).not.toMatch(/\d{11}/);
    expect(said.join('\n')).not.toContain(AMINA);
    expect(said.join('\n')).not.toContain(TOKEN);
  });
});

describe('Population register: the embedded default and the test identity provider', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('is the synthetic population, which also knows the interpreters in the register', async () => {
    const register = t.app.get(PopulationRegister);
    expect(register).toBeInstanceOf(SyntheticPopulation);
    const kari = await createInterpreter(t.dataSource, {
      givenName: 'Kari',
      familyName: 'Folkeregistrert',
      entries: [{ language: 'tir', category: 'B' }],
    });
    await expect(register.lookup(kari.nationalId)).resolves.toMatchObject({
      outcome: 'found',
      person: { givenName: 'Kari', familyName: 'Folkeregistrert', status: 'bosatt' },
    });
  });

  async function picker(): Promise<{
    loginCookie: string;
    html: string;
    browser: HeadlessBrowser;
    page: URL;
  }> {
    const start = await request(t.server).get('/auth/idporten/login');
    expect(start.status).toBe(302);
    const loginCookie = (start.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('tr_login='))!
      .split(';')[0];
    const oidc = t.app.get(OidcService);
    const browser = new HeadlessBrowser(oidc.redirectUri('idporten'));
    const shown = await browser.go(new URL(start.headers.location));
    if ('callback' in shown) throw new Error('expected the picker');
    return { loginCookie, html: shown.html, browser, page: shown.page };
  }

  it('the test provider offers the synthetic applicants first, with no identity number in the page', async () => {
    const { html } = await picker();
    const options = [...html.matchAll(/<option value="([^"]+)">([^<]+)<\/option>/g)].map((m) => ({
      sub: m[1],
      text: m[2],
    }));
    const subs = options.map((o) => o.sub);
    const applicants = SyntheticPopulation.applicants();
    expect(subs.slice(0, applicants.length)).toEqual(applicants.map((a) => `applicant-${a.key}`));
    expect(options[0].text).toBe('Amina Hassan – søker (ny)');
    expect(options.map((o) => o.text)).toEqual(
      expect.arrayContaining([
        'Tomasz Nowak – søker (D-nummer)',
        'Leila Ahmadi – søker (oppslag feiler)',
        'Samuel Okafor – søker (ukjent i Folkeregisteret)',
      ]),
    );
    // The interpreters are still offered after them.
    expect(subs.some((s) => s.startsWith('c-'))).toBe(true);
    for (const a of applicants) expect(html).not.toContain(a.nationalId);
  });

  it('an applicant signs in with their synthetic identity number and is a citizen with no entry', async () => {
    const { loginCookie, html, browser, page } = await picker();
    const action = html.match(/<form[^>]*action="([^"]+)"/)![1];
    const done = await browser.go(new URL(action, page), {
      method: 'POST',
      form: { accountId: 'applicant-tomasz', acr: 'idporten-loa-substantial' },
    });
    if (!('callback' in done)) throw new Error(`no callback: ${done.status} ${done.html}`);
    const finish = await request(t.server)
      .get(`${done.callback.pathname}${done.callback.search}`)
      .set('cookie', loginCookie);
    expect(finish.status).toBe(303);
    const session = (finish.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('tr_session='))!
      .split(';')[0];
    const me = await request(t.server).get('/api/me').set('cookie', session);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      kind: 'citizen',
      displayName: 'Tomasz Nowak',
      interpreterNumber: null,
    });
    const [user]: Array<{ national_id: string }> = await t.dataSource.query(
      `SELECT national_id FROM users WHERE display_name = 'Tomasz Nowak'`,
    );
    expect(user.national_id).toBe(
      SyntheticPopulation.applicants().find((a) => a.key === 'tomasz')!.nationalId,
    );
  });
});
