#!/usr/bin/env node
// Benchmarks the public search against a large synthetic register.
//
//   npm run build && npm run bench -- [--scale 61] [--duration 10] [--connections 20] [--embedded]
//
// By default it creates a fresh PostgreSQL database (BENCH_DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/postgres as the admin connection), seeds it
// with the demo generator at the given scale (61 ≈ 100 000 persons), starts the
// built app on it and runs autocannon against a set of realistic searches.
// With --embedded it uses a throwaway embedded (PGlite) data folder instead.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '61' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    embedded: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const PORT = 3990;
const base = `http://127.0.0.1:${PORT}`;

const SCENARIOS = [
  [
    'language + county + minimum category',
    '/api/interpreters?language=ara&county=03&minCategory=D',
  ],
  ['language only (largest language)', '/api/interpreters?language=ara'],
  ['no filter (whole register, page 1)', '/api/interpreters'],
  ['name search, accent-insensitive', '/api/interpreters?q=odegard'],
  ['deep page', '/api/interpreters?language=pol&page=200&pageSize=20'],
  ['profile', null],
  ['health (one SELECT 1)', '/health'],
  ['statistics', '/api/statistics'],
  ['search page (HTML)', '/?language=tir&county=46&minCategory=C'],
  // The card check: the busiest public endpoint (every scanned QR code).
  ['card check (JSON API)', (card) => `/api/cards/verify/${card}`],
  ['card check page (HTML)', (card) => `/v/${card}`],
];

async function main() {
  const env = {
    ...process.env,
    LOG_LEVEL: 'warn',
    PORT: String(PORT),
    SEED_DEMO: 'false',
    // One client (autocannon) makes every request: lift the per-client card check limit.
    CARD_VERIFY_RATE_LIMIT: '1000000',
  };
  let cleanup;
  if (values.embedded) {
    const dir = mkdtempSync(join(tmpdir(), 'tolk-bench-'));
    env.DATA_DIR = dir;
    delete env.DATABASE_URL;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `tolk_bench_${Date.now()}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    cleanup = async () => {
      if (values.keep) return;
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }

  try {
    console.log(`seeding scale ${values.scale} …`);
    const seed = spawnSync('node', ['dist/src/cli.js', 'seed', '--scale', values.scale], {
      env,
      stdio: 'inherit',
    });
    if (seed.status !== 0) throw new Error('seed failed');
    // A real printed card's token (the embedded database allows one process, so before the app starts).
    const cardUrl = spawnSync(
      'node',
      ['dist/src/cli.js', 'cards', 'url', '--interpreter', '10001'],
      {
        env,
        encoding: 'utf8',
      },
    );
    if (cardUrl.status !== 0) throw new Error(`cards url failed: ${cardUrl.stderr}`);
    const card = cardUrl.stdout.trim().split('\n').at(-1).split('/v/')[1];

    const app = spawn('node', ['dist/src/main.js'], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      await waitForHealth();
      const stats = await (await fetch(`${base}/api/statistics`)).json();
      const some = await (await fetch(`${base}/api/interpreters?language=som&pageSize=1`)).json();
      console.log(
        `register: ${stats.persons} persons, ${stats.entries} entries · ${values.embedded ? 'embedded PGlite' : 'PostgreSQL'} · ` +
          `${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB · node ${process.version}`,
      );
      console.log(
        `autocannon: ${values.connections} connections, ${values.duration} s per scenario\n`,
      );
      console.log('| scenario | req/s (mean) | p50 ms | p99 ms | errors |');
      console.log('|---|---:|---:|---:|---:|');
      await baseline();
      for (const [label, path] of SCENARIOS) {
        if (values.only && !values.only.split(',').some((part) => label.includes(part))) continue;
        const url =
          base +
          (typeof path === 'function'
            ? path(card)
            : (path ?? `/api/interpreters/${some.items[0].interpreterNumber}`));
        const result = await autocannon({
          url,
          connections: Number(values.connections),
          duration: Number(values.duration),
        });
        report(label, result);
      }
    } finally {
      app.kill('SIGTERM');
    }
  } finally {
    await cleanup();
  }
}

/** A bare node:http server on the same machine, as the ceiling to compare with. */
async function baseline() {
  const body = JSON.stringify({ status: 'ok' });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections: Number(values.connections),
    duration: Number(values.duration),
  });
  server.close();
  report('baseline: bare node:http, static JSON', result);
}

function report(label, result) {
  const errors = result.errors + result.non2xx;
  console.log(
    `| ${label} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ${errors} |`,
  );
}

async function waitForHealth() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('app did not start');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
