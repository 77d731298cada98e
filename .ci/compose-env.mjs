// Derives the production start test's environment from docker/compose.yaml and
// docker/Dockerfile, the way Docker would, so that the test and the compose
// file cannot drift apart (.ci/production.sh):
//
//   env -i <the operator's variables> node .ci/compose-env.mjs OUT_DIR DB_HOST DB_PORT DB_NAME
//
// Its own environment plays the operator's shell that runs `docker compose up`.
// The compose file is interpolated as Compose does (${VAR}, ${VAR:-default},
// ${VAR:?error}, $$ …) and it fails when the compose file demands a variable
// the test does not give, or the test gives one the compose file never uses.
// The app's environment is the Dockerfile's final ENV overlaid with the app
// service's `environment`; the only changes are the database host (the `db`
// service becomes the CI server and its fresh database). Writes to OUT_DIR:
//   app.env0      the app's environment, NUL-separated KEY=VALUE
//   required      the app settings the compose file demands (${VAR:?…}), one a line
//   db-init/      the scripts the db service runs on an empty volume
//   db.env0       the db service's environment
//   roles         OWNER=… and RUNTIME=…: the roles of DATABASE_MIGRATION_URL and DATABASE_URL
//   image         what the Dockerfile's final stage copies from the build stage's /app
// A line-based reader for the YAML that compose files use (block maps and
// lists, quoted and block scalars); anything else stops it with an error.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [outDir, dbHost, dbPort, dbName] = process.argv.slice(2);
const root = new URL('..', import.meta.url).pathname;
const COMPOSE = join(root, 'docker/compose.yaml');
const DOCKERFILE = join(root, 'docker/Dockerfile');
/** The compose service the app reaches PostgreSQL at. */
const DB_SERVICE = 'db';

function fail(message) {
  console.error(`compose-env: ${message}`);
  process.exit(1);
}

// ---- YAML (the subset compose files use) ----------------------------------

function parseYaml(text, file) {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let i = 0;
  const where = () => `${file}:${i + 1}`;
  const indentOf = (line) => /^ */.exec(line)[0].length;
  const isBlank = (line) => /^\s*(#.*)?$/.test(line);
  const skipBlank = () => {
    while (i < lines.length && isBlank(lines[i])) i++;
  };
  if (lines.some((l) => /^\t/.test(l))) fail(`${file}: tabs in indentation`);

  function scalar(raw) {
    const text = raw.trim();
    if (text.startsWith("'")) {
      const m = /^'((?:[^']|'')*)'\s*(#.*)?$/.exec(text);
      if (!m) fail(`${where()}: unterminated single-quoted value`);
      return m[1].replace(/''/g, "'");
    }
    if (text.startsWith('"')) {
      const m = /^"((?:[^"\\]|\\.)*)"\s*(#.*)?$/.exec(text);
      if (!m) fail(`${where()}: unterminated double-quoted value`);
      return m[1].replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t' })[c] ?? c);
    }
    if (/^[&*!]/.test(text)) fail(`${where()}: anchors, aliases and tags are not supported`);
    // Flow collections ([a, b]) are kept as text: nothing the test reads uses them.
    const plain = text.replace(/\s+#.*$/, '').replace(/^#.*$/, '');
    return plain === '' || plain === '~' || plain === 'null' ? null : plain;
  }

  function blockScalar(header, parentIndent) {
    const keepLastNewline = !header.includes('-');
    const body = [];
    let contentIndent;
    while (i < lines.length) {
      const line = lines[i];
      if (line.trim() === '') {
        body.push('');
        i++;
        continue;
      }
      const ind = indentOf(line);
      if (ind <= parentIndent) break;
      contentIndent ??= ind;
      if (ind < contentIndent) fail(`${where()}: bad indentation in a block scalar`);
      body.push(line.slice(contentIndent));
      i++;
    }
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    const text = body.join(header.startsWith('>') ? ' ' : '\n');
    return keepLastNewline && text !== '' ? `${text}\n` : text;
  }

  function value(rest, indent) {
    if (/^[|>][-+]?\s*(#.*)?$/.test(rest)) return blockScalar(rest.trim(), indent);
    if (rest.trim() !== '' && !rest.trim().startsWith('#')) return scalar(rest);
    skipBlank();
    if (i >= lines.length) return null;
    const ind = indentOf(lines[i]);
    if (ind > indent) return block(ind);
    if (ind === indent && /^-( |$)/.test(lines[i].slice(ind))) return sequence(ind);
    return null;
  }

  function mapping(indent) {
    const out = {};
    for (;;) {
      skipBlank();
      if (i >= lines.length || indentOf(lines[i]) < indent) return out;
      if (indentOf(lines[i]) > indent) fail(`${where()}: unexpected indentation`);
      const m = /^('[^']*'|"[^"]*"|[^\s'"#:][^:]*?):(?:\s+(.*))?$/.exec(lines[i].slice(indent));
      if (!m) fail(`${where()}: expected "key: value"`);
      const key = scalar(m[1]);
      if (key in out) fail(`${where()}: duplicate key ${key}`);
      i++;
      out[key] = value(m[2] ?? '', indent);
    }
  }

  function sequence(indent) {
    const out = [];
    for (;;) {
      skipBlank();
      if (i >= lines.length || indentOf(lines[i]) !== indent) return out;
      const line = lines[i].slice(indent);
      if (!/^-( |$)/.test(line)) return out;
      const after = line.slice(1).replace(/^ +/, '');
      const itemIndent = indent + line.length - after.length;
      if (after === '' || after.startsWith('#')) {
        i++;
        out.push(value('', indent));
      } else if (/^('[^']*'|"[^"]*"|[^\s'"#:[{][^:]*?):( |$)/.test(after)) {
        // "- key: value": a mapping that starts on the dash's line.
        lines[i] = ' '.repeat(itemIndent) + after;
        out.push(mapping(itemIndent));
      } else {
        i++;
        out.push(scalar(after));
      }
    }
  }

  function block(indent) {
    return /^-( |$)/.test(lines[i].slice(indent)) ? sequence(indent) : mapping(indent);
  }

  skipBlank();
  const doc = block(0);
  skipBlank();
  if (i < lines.length) fail(`${where()}: could not read this line`);
  return doc;
}

// ---- Compose interpolation -------------------------------------------------

const operator = { ...process.env };
const used = new Set();
const problems = [];

function interpolate(text, context) {
  let out = '';
  for (let k = 0; k < text.length;) {
    if (text[k] !== '$') {
      out += text[k++];
      continue;
    }
    if (text[k + 1] === '$') {
      out += '$';
      k += 2;
      continue;
    }
    let name;
    let op;
    let arg;
    if (text[k + 1] === '{') {
      let depth = 1;
      let j = k + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === '{') depth++;
        if (text[j] === '}') depth--;
        j++;
      }
      if (depth > 0) fail(`${context}: unterminated \${ in ${JSON.stringify(text)}`);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(text.slice(k + 2, j - 1));
      if (!m) fail(`${context}: cannot read ${text.slice(k, j)}`);
      [, name, op, arg] = m;
      k = j;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(k + 1));
      if (!m) {
        out += '$';
        k++;
        continue;
      }
      name = m[0];
      k += 1 + name.length;
    }
    used.add(name);
    const val = operator[name];
    const set = val !== undefined;
    const nonEmpty = set && val !== '';
    switch (op) {
      case undefined:
        if (!set)
          problems.push(
            `${context}: uses \${${name}} with no default, and the test does not set ${name}`,
          );
        out += val ?? '';
        break;
      case ':-':
        out += nonEmpty ? val : interpolate(arg, context);
        break;
      case '-':
        out += set ? val : interpolate(arg, context);
        break;
      case ':?':
      case '?':
        if (op === ':?' ? !nonEmpty : !set) {
          problems.push(`${context}: demands ${name} ("${arg}"), which the test does not set`);
        }
        out += val ?? '';
        break;
      case ':+':
        out += nonEmpty ? interpolate(arg, context) : '';
        break;
      case '+':
        out += set ? interpolate(arg, context) : '';
        break;
    }
  }
  return out;
}

/** Interpolates every scalar in the document, as Compose does (keys are left alone). */
function interpolateAll(node, path) {
  if (typeof node === 'string') return interpolate(node, path);
  if (Array.isArray(node)) return node.map((n, k) => interpolateAll(n, `${path}[${k}]`));
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, n]) => [key, interpolateAll(n, `${path}.${key}`)]),
    );
  }
  return node;
}

// ---- The compose file and the image ---------------------------------------

const raw = parseYaml(readFileSync(COMPOSE, 'utf8'), 'docker/compose.yaml');
const compose = interpolateAll(raw, 'compose');

const rawApp = raw.services?.app?.environment;
const app = compose.services?.app?.environment;
const db = compose.services?.[DB_SERVICE]?.environment;
if (!app || typeof app !== 'object' || Array.isArray(app)) {
  fail('services.app.environment must be a mapping (KEY: value)');
}
if (!db || typeof db !== 'object' || Array.isArray(db)) {
  fail(`services.${DB_SERVICE}.environment must be a mapping (KEY: value)`);
}

// Docker: the final stage's ENV, then the compose environment over it.
const dockerfile = readFileSync(DOCKERFILE, 'utf8').replace(/\\\n/g, ' ');
const finalStage = dockerfile.split(/^FROM\s/m).at(-1);
const imageEnv = {};
for (const [, args] of finalStage.matchAll(/^ENV\s+(.+)$/gm)) {
  for (const [, key, value] of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) {
    imageEnv[key] = value.replace(/^"|"$/g, '');
  }
}

// What the final stage holds, from the build stage's /app (production.sh lays it out alike).
const imageFiles = [
  ...finalStage.matchAll(/^COPY\s+--from=build\s+(?:--\S+\s+)*\/app\/(\S+)\s+\S+$/gm),
]
  .map((m) => m[1])
  .join(' ');

const env = { ...imageEnv };
for (const [key, val] of Object.entries(app)) {
  if (val === null) {
    // "KEY:" with no value: taken from the operator's shell, else not set at all.
    used.add(key);
    if (operator[key] !== undefined) env[key] = operator[key];
    else delete env[key];
  } else {
    env[key] = String(val);
  }
}
for (const name of Object.keys(operator).filter((n) => !used.has(n))) {
  problems.push(`the test sets ${name}, but docker/compose.yaml never uses it`);
}
if (problems.length > 0) {
  fail(`the test and docker/compose.yaml disagree:\n  - ${problems.join('\n  - ')}`);
}

// The database: the compose file's `db` service becomes the CI server.
const roles = {};
for (const key of ['DATABASE_URL', 'DATABASE_MIGRATION_URL']) {
  if (!env[key]) fail(`services.app.environment must set ${key}`);
  const url = new URL(env[key]);
  if (url.hostname !== DB_SERVICE)
    fail(`${key} must point at the ${DB_SERVICE} service, not ${url.hostname}`);
  if (url.pathname !== `/${db.POSTGRES_DB}`) {
    fail(`${key} must name the database the ${DB_SERVICE} service creates (${db.POSTGRES_DB})`);
  }
  roles[key] = decodeURIComponent(url.username);
  if (!/^[a-z_][a-z0-9_]*$/.test(roles[key])) fail(`${key}: use a plain lower-case role name`);
  url.hostname = dbHost;
  url.port = dbPort;
  url.pathname = `/${dbName}`;
  env[key] = url.href;
}
if (roles.DATABASE_MIGRATION_URL !== db.POSTGRES_USER) {
  fail(
    `DATABASE_MIGRATION_URL must be the owner the ${DB_SERVICE} service creates (${db.POSTGRES_USER})`,
  );
}
if (roles.DATABASE_URL === roles.DATABASE_MIGRATION_URL) {
  fail('DATABASE_URL must be a role of its own, not the owner that runs the migrations');
}

const required = Object.entries(rawApp)
  .filter(([, val]) => typeof val === 'string' && /\$\{[A-Za-z_][A-Za-z0-9_]*:?\?/.test(val))
  .map(([key]) => key);

// The scripts the db service runs when it initialises an empty volume.
const initScripts = (compose.services[DB_SERVICE].configs ?? [])
  .filter((c) => typeof c === 'object' && c.target?.startsWith('/docker-entrypoint-initdb.d/'))
  .map((c) => {
    const content = compose.configs?.[c.source]?.content;
    if (typeof content !== 'string') fail(`configs.${c.source} needs inline content`);
    return { name: c.target.split('/').at(-1), content };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

const env0 = (vars) =>
  Object.entries(vars)
    .map(([k, v]) => `${k}=${v}\0`)
    .join('');
mkdirSync(join(outDir, 'db-init'), { recursive: true });
writeFileSync(join(outDir, 'app.env0'), env0(env));
writeFileSync(join(outDir, 'db.env0'), env0(db));
writeFileSync(join(outDir, 'image'), `${imageFiles}\n`);
writeFileSync(join(outDir, 'required'), required.map((k) => `${k}\n`).join(''));
writeFileSync(
  join(outDir, 'roles'),
  `OWNER=${roles.DATABASE_MIGRATION_URL}\nRUNTIME=${roles.DATABASE_URL}\n`,
);
for (const script of initScripts)
  writeFileSync(join(outDir, 'db-init', script.name), script.content);
console.log(
  `compose-env: app gets ${Object.keys(env).sort().join(', ')}; ` +
    `production requires ${required.join(', ')}; db init: ${initScripts.map((s) => s.name).join(', ') || 'none'}`,
);
