/**
 * Issue 11 F1: every place that derives the add-in's public origin follows one rule
 * (src/platform/addin-origin.mjs): PUBLIC_ORIGIN, else localhost with the scheme and port the server
 * listens on. A table over PORT / HTTPS / PUBLIC_ORIGIN checks every URL of the manifest the
 * server serves (over its real socket), the manifest the build writes (webpack.config.js), and the
 * one `npm run sideload` hands to Outlook.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from '@jest/globals';
import { MANIFEST_SOURCE_ORIGIN, addinOrigin, manifestFor } from '../../src/platform/addin-origin.mjs';
import { loadConfig } from '../../src/server/config.js';
import { startServer } from '../../src/server/main.js';
import { checkManifest, servedFrom } from '../../scripts/validate-manifest.js';
import { freshDataDir } from '../support/quiet-server.js';

const SOURCE = readFileSync('manifest.xml', 'utf8');

/**
 * `npm run sideload`'s script, run as its tsx does, in one node process: `npx tsx` started npm,
 * tsx's CLI and then node (three processes, issue 12: CI time).
 */
const SIDELOAD = ['--import', 'tsx', 'scripts/sideload.ts'];

/** Every URL in a manifest's attribute values and texts (not its namespaces or comments). */
function urlsOf(xml: string): string[] {
  const body = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/\sxmlns(:\w+)?="[^"]*"/g, '');
  return [...body.matchAll(/https?:\/\/[^"<\s]+/g)].map((m) => m[0]);
}

/** The source's own URLs as paths under its origin ('' for the origin itself, the AppDomain). */
const OWN_PATHS = urlsOf(SOURCE)
  .filter((u) => u === MANIFEST_SOURCE_ORIGIN || u.startsWith(`${MANIFEST_SOURCE_ORIGIN}/`))
  .map((u) => u.slice(MANIFEST_SOURCE_ORIGIN.length));
const OTHER_URLS = urlsOf(SOURCE).filter((u) => !u.startsWith(MANIFEST_SOURCE_ORIGIN));

/** Each of the source's own URLs names `origin`, every other URL is unchanged, nothing else appears. */
function expectManifestOn(xml: string, origin: string): void {
  expect(urlsOf(xml).sort()).toEqual([...OWN_PATHS.map((p) => `${origin}${p}`), ...OTHER_URLS].sort());
}

function get(url: string): Promise<{ status: number; type: string; body: string }> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

interface Row {
  readonly name: string;
  readonly env: Record<string, string>;
  /** The origin the manifest must name; `port` is the one the server listens on. */
  readonly expected: (port: string) => string;
}

const ROWS: Row[] = [
  {
    name: 'F1: PORT=3133, HTTPS (was 13 URLs on :3000)',
    env: { PORT: '3133' },
    expected: () => 'https://localhost:3133',
  },
  {
    name: 'PORT=3134, HTTPS=0',
    env: { PORT: '3134', HTTPS: '0' },
    expected: () => 'http://localhost:3134',
  },
  { name: 'PORT=0 (the OS picks), HTTPS', env: { PORT: '0' }, expected: (p) => `https://localhost:${p}` },
  {
    name: 'PUBLIC_ORIGIN wins over PORT and HTTPS',
    env: { PORT: '3135', PUBLIC_ORIGIN: 'https://contacts.contoso.com', DEV_PUBLIC_ORIGIN: '1' },
    expected: () => 'https://contacts.contoso.com',
  },
  {
    name: 'PUBLIC_ORIGIN with a trailing slash, HTTPS=0 behind a proxy',
    env: {
      PORT: '3136',
      HTTPS: '0',
      PUBLIC_ORIGIN: 'https://addin.fabrikam.example:8443/',
      DEV_PUBLIC_ORIGIN: '1',
    },
    expected: () => 'https://addin.fabrikam.example:8443',
  },
];

test('the source manifest has its 13 element URLs on the dev origin (what the rows move)', () => {
  expect(OWN_PATHS).toHaveLength(13);
  expect(OTHER_URLS).toEqual(['https://login.microsoftonline.com']);
});

describe.each(ROWS)('the served manifest: $name', ({ env, expected }) => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('every URL names the add-in’s origin, and the project check passes for it', async () => {
    const dir = await freshDataDir('bcsync-manifest-');
    dirs.push(dir);
    const server = await startServer({
      env: { DATA_DIR: dir, SEED_DEMO: '0', LOG_LEVEL: 'silent', ...env },
      overrides: { scheduler: false, buildPane: false },
      announce: false,
    });
    try {
      const port = new URL(server.url).port;
      const origin = expected(port);
      expect(server.addinOrigin).toBe(origin);
      const answer = await get(`${server.url}/manifest.xml`);
      expect(answer.status).toBe(200);
      expect(answer.type).toMatch(/^text\/xml/);
      expectManifestOn(answer.body, origin);
      if (origin.startsWith('https:') && !origin.includes('contoso') && !origin.includes('fabrikam'))
        expect(checkManifest(answer.body, { origin, served: servedFrom('.') }).consistency).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('the build and sideload use the same rule', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  test.each(ROWS.filter((r) => r.env.PORT !== '0'))('webpack.config.js: $name', async ({ env, expected }) => {
    process.env = { ...saved, ...env };
    delete process.env.OFFICE_JS;
    if (env.HTTPS === undefined) delete process.env.HTTPS;
    if (env.PUBLIC_ORIGIN === undefined) delete process.env.PUBLIC_ORIGIN;
    // By a variable: the config is plain JavaScript, without a declaration file.
    const configFile = '../../webpack.config.js';
    const { default: config } = (await import(configFile)) as {
      default: (env: object, argv: object) => { plugins: { patterns?: unknown[] }[] };
    };
    const built = config({}, { mode: 'production' });
    const copy = built.plugins.find((p) => Array.isArray(p.patterns)) as {
      patterns: { to: string; transform?: (c: Buffer) => string | Buffer }[];
    };
    const manifest = copy.patterns.find((p) => p.to === 'manifest.xml')!;
    expectManifestOn(String(manifest.transform!(Buffer.from(SOURCE))), expected(env.PORT!));
  });

  test('npm run sideload writes the manifest for PORT=3134 HTTPS=0 into DATA_DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcsync-sideload-'));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, SIDELOAD, {
        env: { ...saved, PORT: '3134', HTTPS: '0', DATA_DIR: dir, PUBLIC_ORIGIN: '' },
      });
      expect(stdout).toContain('serves http://localhost:3134/taskpane.html');
      expect(stdout).toContain(join(dir, 'manifest.xml'));
      expectManifestOn(readFileSync(join(dir, 'manifest.xml'), 'utf8'), 'http://localhost:3134');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Helper newuser: it ignored a refused configuration and wrote ./data/manifest.xml for
  // https://localhost:3000, saying "serves https://localhost:3000".
  test('npm run sideload refuses, writing nothing, a configuration npm start refuses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcsync-sideload-'));
    try {
      const env: NodeJS.ProcessEnv = {
        ...saved,
        PUBLIC_ORIGIN: 'https://contacts.example.com',
        DATA_DIR: dir,
      };
      delete env.DEV_PUBLIC_ORIGIN;
      delete env.AUTH_MODE;
      const run = promisify(execFile)(process.execPath, SIDELOAD, { env });
      const failed = (await run.then(
        () => null,
        (e: unknown) => e,
      )) as { code: number; stdout: string; stderr: string } | null;
      expect(failed?.code).toBe(2);
      expect(failed?.stderr).toContain('the configuration is refused, so no manifest is written');
      expect(failed?.stderr).toContain('PUBLIC_ORIGIN');
      expect(failed?.stdout).not.toContain('localhost:3000');
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('the rule itself: PUBLIC_ORIGIN as an origin, else scheme + localhost + port', () => {
  expect(addinOrigin({ publicOrigin: null, https: true, port: 3105 })).toBe('https://localhost:3105');
  expect(addinOrigin({ publicOrigin: '', https: false, port: '3105' })).toBe('http://localhost:3105');
  expect(addinOrigin({ publicOrigin: 'https://a.example/', https: false, port: 1 })).toBe(
    'https://a.example',
  );
});

describe('F27: PUBLIC_ORIGIN must be an origin the add-in can be served from', () => {
  test.each([
    ['postgres://evil.example:5432/db', 'postgres: is not https:'],
    ['http://contacts.contoso.com', 'http: is not https:'],
    ['https://contacts.contoso.com/a?b=<c>&d="e"', 'path, query or fragment'],
    ['https://contacts.contoso.com/addin', 'path, query or fragment'],
    ['https://contacts.contoso.com#x', 'path, query or fragment'],
    ['https://user:pw@contacts.contoso.com', 'credentials'],
    ['contacts.contoso.com', 'not a valid URL'],
  ])('%s is refused at start, naming the variable', (value, why) => {
    const r = loadConfig({ PUBLIC_ORIGIN: value });
    expect(r.ok).toBe(false);
    const line = r.ok ? '' : (r.errors.find((e) => e.startsWith('PUBLIC_ORIGIN=')) ?? '');
    expect(line).toContain(why);
  });

  test.each([
    ['https://contacts.contoso.com', 'https://contacts.contoso.com'],
    ['https://Contacts.Contoso.com:443/', 'https://contacts.contoso.com'],
    ['https://addin.fabrikam.example:8443/', 'https://addin.fabrikam.example:8443'],
    ['http://localhost:3105', 'http://localhost:3105'],
    ['http://127.0.0.1:3105/', 'http://127.0.0.1:3105'],
  ])('%s is accepted as the origin %s', (value, origin) => {
    // A dev server at a public origin is asked for (F134: devModeExposure refuses it otherwise).
    const r = loadConfig({ PUBLIC_ORIGIN: value, DEV_PUBLIC_ORIGIN: '1' });
    expect(r.ok && r.config.publicOrigin).toBe(origin);
    expect(addinOrigin({ publicOrigin: value, https: true, port: 1 })).toBe(origin);
  });

  test('the manifest text is XML-escaped whatever origin it is given', () => {
    const xml = manifestFor(SOURCE, 'https://x.example/?a=<b>&c="d"');
    expect(xml).not.toContain('<b>');
    expect(xml).toContain('https://x.example/?a=&#60;b&#62;&#38;c=&#34;d&#34;/taskpane.html');
  });
});
