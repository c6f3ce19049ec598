import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { placeLine, productPlace } from '../../src/cli/product-place.js';

// F119 (tester): the CLI looked for a running server only in ./data of the directory it ran from.
// Run from anywhere else it found none and silently made a second demo store there; with DATA_DIR
// set it looked there only relative to itself; on PostgreSQL it still opened a second product on
// another data folder (another emulated mailbox). It now finds the data folder by the server's rule
// (DATA_DIR, default ./data of where the command runs) and, without DATA_DIR, also in the install
// directory, where `npm start` keeps it — and says in one line which store it uses.

let root: string;
/** A process id that ran and ended: a server.json naming it is stale. */
let deadPid: number;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bcsync-place-'));
  deadPid = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid as number;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Folder = 'live server' | 'stale server' | 'store' | 'mailboxes only' | 'empty';
const PKG = 'install';
const HERE = 'elsewhere';
const OTHER = 'other';

/** A scratch world: each folder (relative to its root) holding what `what` names. */
function world(folders: Record<string, Folder>): string {
  const w = mkdtempSync(join(root, 'w-'));
  for (const d of [PKG, HERE, OTHER]) mkdirSync(join(w, d), { recursive: true });
  for (const [dir, what] of Object.entries(folders)) {
    const at = join(w, dir);
    mkdirSync(at, { recursive: true });
    if (what === 'live server' || what === 'stale server') {
      const pid = what === 'live server' ? process.pid : deadPid;
      writeFileSync(
        join(at, 'server.json'),
        JSON.stringify({ url: `http://127.0.0.1:1/${dir}`, adminToken: 't', pid }),
      );
      mkdirSync(join(at, 'pglite'));
    }
    if (what === 'store') mkdirSync(join(at, 'pglite'));
    if (what === 'mailboxes only') writeFileSync(join(at, 'graph-emulator.json'), '{}');
  }
  return w;
}

interface Row {
  readonly name: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly folders: Record<string, Folder>;
  /** The data folder found (relative to the world), whether through a server, and the store. */
  readonly expected: { dataDir: string; server: boolean; store: string };
}

const PG = 'postgres://sync:secret@db.example:5432/contacts?sslmode=require';

const rows: Row[] = [
  {
    name: 'F119: run from another directory while npm start runs in the install directory: its server',
    cwd: HERE,
    env: {},
    folders: { [`${PKG}/data`]: 'live server' },
    expected: { dataDir: `${PKG}/data`, server: true, store: 'pglite' },
  },
  {
    name: 'run in the install directory: its server',
    cwd: PKG,
    env: {},
    folders: { [`${PKG}/data`]: 'live server' },
    expected: { dataDir: `${PKG}/data`, server: true, store: 'pglite' },
  },
  {
    name: 'a server in ./data of where it runs comes first',
    cwd: HERE,
    env: {},
    folders: { [`${HERE}/data`]: 'live server', [`${PKG}/data`]: 'live server' },
    expected: { dataDir: `${HERE}/data`, server: true, store: 'pglite' },
  },
  {
    name: 'DATA_DIR absolute, run from anywhere: the server there',
    cwd: HERE,
    env: { DATA_DIR: '<world>/other/store' },
    folders: { [`${OTHER}/store`]: 'live server', [`${PKG}/data`]: 'live server' },
    expected: { dataDir: `${OTHER}/store`, server: true, store: 'pglite' },
  },
  {
    name: 'DATA_DIR relative: relative to where it runs, as the server reads it',
    cwd: HERE,
    env: { DATA_DIR: '../other/store' },
    folders: { [`${OTHER}/store`]: 'live server' },
    expected: { dataDir: `${OTHER}/store`, server: true, store: 'pglite' },
  },
  {
    name: 'DATA_DIR given: only there (no server, no store: a new one there, said)',
    cwd: HERE,
    env: { DATA_DIR: 'mine' },
    folders: { [`${PKG}/data`]: 'live server' },
    expected: { dataDir: `${HERE}/mine`, server: false, store: 'pglite new' },
  },
  {
    name: 'no server anywhere, the store in the install directory: that store, not a second one',
    cwd: HERE,
    env: {},
    folders: { [`${PKG}/data`]: 'store' },
    expected: { dataDir: `${PKG}/data`, server: false, store: 'pglite' },
  },
  {
    name: 'a stale server.json (its process died): in this process, on that store',
    cwd: HERE,
    env: {},
    folders: { [`${PKG}/data`]: 'stale server' },
    expected: { dataDir: `${PKG}/data`, server: false, store: 'pglite' },
  },
  {
    name: 'nothing anywhere: a new store in ./data of where it runs, said',
    cwd: HERE,
    env: {},
    folders: {},
    expected: { dataDir: `${HERE}/data`, server: false, store: 'pglite new' },
  },
  {
    name: 'PostgreSQL, the server in the install directory: through it',
    cwd: HERE,
    env: { DATABASE_URL: PG },
    folders: { [`${PKG}/data`]: 'live server' },
    expected: { dataDir: `${PKG}/data`, server: true, store: 'postgres db.example:5432/contacts' },
  },
  {
    name: "PostgreSQL, no server: the data folder that holds the emulator's mailboxes, not a new one",
    cwd: HERE,
    env: { DATABASE_URL: PG },
    folders: { [`${PKG}/data`]: 'mailboxes only' },
    expected: { dataDir: `${PKG}/data`, server: false, store: 'postgres db.example:5432/contacts' },
  },
  {
    name: 'PostgreSQL with DATA_DIR: that data folder',
    cwd: PKG,
    env: { DATABASE_URL: PG, DATA_DIR: '<world>/other' },
    folders: { [`${PKG}/data`]: 'mailboxes only' },
    expected: { dataDir: OTHER, server: false, store: 'postgres db.example:5432/contacts' },
  },
];

describe('F119: the CLI finds the product where the server keeps it', () => {
  test.each(rows)('$name', (row) => {
    const w = world(row.folders);
    const env = Object.fromEntries(
      Object.entries(row.env).map(([k, v]) => [k, v?.replace('<world>', w)]),
    ) as NodeJS.ProcessEnv;
    const place = productPlace(env, join(w, row.cwd), join(w, PKG));
    const store =
      place.store.kind === 'postgres'
        ? `postgres ${place.store.where}`
        : place.store.exists
          ? 'pglite'
          : 'pglite new';
    expect({ dataDir: place.dataDir, server: place.server !== null, store }).toEqual({
      ...row.expected,
      dataDir: resolve(w, row.expected.dataDir),
    });
    // One line, naming the folder; the credentials of DATABASE_URL never.
    const line = placeLine(place);
    expect(line).not.toContain('\n');
    expect(line).toContain(place.dataDir);
    expect(line).not.toContain('secret');
    if (store === 'pglite new') expect(line).toContain('makes a new one there');
  });
});

describe('F119: the real CLI run from another directory', () => {
  const REPO = resolve('.');
  let server: http.Server;
  let url: string;
  let dir: string;
  beforeAll(async () => {
    // A server that has run the whole sync by the time it answers the start.
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const counts = { created: 0, updated: 0, deleted: 0 };
        const record = { id: 'f1190000-0000-4000-8000-000000000119', status: 'succeeded', errors: [] };
        res.end(
          JSON.stringify({
            record: { ...record, counts: { bc: counts, outlook: counts } },
            active: false,
            plan: null,
          }),
        );
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(root, 'announced-'));
    writeFileSync(join(dir, 'server.json'), JSON.stringify({ url, adminToken: 'token', pid: process.pid }));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  test('DATA_DIR relative to where it runs: the running server, named in the JSON', async () => {
    const elsewhere = mkdtempSync(join(root, 'cwd-'));
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(
        process.execPath,
        [join(REPO, 'bin/bc-contact-sync.js'), 'sync', '--user', 'ann@contoso.com', '--mode', 'delta'],
        {
          cwd: elsewhere,
          env: { ...process.env, DATA_DIR: join('..', dir.slice(root.length + 1)), LOG_LEVEL: 'silent' },
          timeout: 600_000,
        },
        (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const out = JSON.parse(r.stdout) as { record: { status: string }; store: string };
    expect(out.record.status).toBe('succeeded');
    expect(out.store).toBe(`through the server running at ${url}: the embedded store in ${dir}`);
  });
});

// A server.json of another shape (another version's, hand-edited) naming a live process was cast
// and used: `{"pid":…,"url":…}` without a token ended the CLI in `Invalid value "undefined" for
// header "x-admin-token"`, exit 1 (helper attack). Every such file is read as no server, as a file
// that is not JSON is; the well-formed file (the control row) is the server.
describe('a server.json of another shape, naming a live process: no server', () => {
  const live = process.pid;
  const good = { url: 'http://127.0.0.1:1', adminToken: 't', pid: live };
  test.each([
    ['the example: no adminToken', { url: 'http://127.0.0.1:1', pid: live }],
    ['empty object', {}],
    ['no url', { adminToken: 't', pid: live }],
    ['url not a string', { ...good, url: 3000 }],
    ['url not http(s)', { ...good, url: 'file:///etc/passwd' }],
    ['url not a URL', { ...good, url: 'http://' }],
    ['adminToken empty', { ...good, adminToken: '' }],
    ['adminToken not a string', { ...good, adminToken: ['t'] }],
    ['caPath not a string', { ...good, caPath: 1 }],
    ['pid a string', { ...good, pid: String(live) }],
    ['pid not a process id', { ...good, pid: -1 }],
    ['null', null],
    ['an array', [good]],
    ['a string', 'http://127.0.0.1:1'],
  ])('%s', (_name, content) => {
    const dir = mkdtempSync(join(root, 'shape-'));
    writeFileSync(join(dir, 'server.json'), JSON.stringify(content));
    expect(productPlace({ DATA_DIR: dir }, dir, dir).server).toBeNull();
  });

  test('control: the shape announce() writes is the server', () => {
    const dir = mkdtempSync(join(root, 'shape-'));
    writeFileSync(join(dir, 'server.json'), JSON.stringify({ ...good, caPath: '/ca.pem' }));
    expect(productPlace({ DATA_DIR: dir }, dir, dir).server).toEqual({ ...good, caPath: '/ca.pem' });
  });
});
