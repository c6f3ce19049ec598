/**
 * Tester F39 (issue 11): with PORT≠3000 the start banner and the README sent the user to the
 * repository's manifest.xml, which names https://localhost:3000. Kind: a URL the product prints or
 * generates that does not come from the configured origin. Table over configurations: the manifest
 * `npm start` writes names only the add-in's origin, and every URL of this machine the banner
 * prints is the server's own, with the written file as the one to sideload.
 *
 * Helper newuser (2026-12-05): a server started with `DATA_DIR=… PORT=… npm start` printed
 * `./bin/bc-contact-sync.js sync …` and `npm run sideload` bare, so the CLI found another store
 * (./data, or a new one) and the sideload wrote a manifest for port 3000. Same kind: each command the
 * banner prints, run with only the environment it prints, must reach this server.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, jest, test } from '@jest/globals';
import { resolve } from 'node:path';
import { printBanner, sameEnvironment } from '../../src/cli/banner.js';
import { addinOrigin } from '../../src/platform/addin-origin.mjs';
import { SOURCE_MANIFEST, writeAddinManifest } from '../../src/server/addin-manifest.js';
import { loadConfig } from '../../src/server/config.js';
import type { RunningServer } from '../../src/server/main.js';

const ROWS = [
  { name: 'F39: PORT=3105 over HTTPS', env: { PORT: '3105' }, https: true, url: 'https://localhost:3105' },
  {
    name: 'PORT=3105, HTTPS=0',
    env: { PORT: '3105', HTTPS: '0' },
    https: false,
    url: 'http://localhost:3105',
  },
  { name: 'the default port', env: {}, https: true, url: 'https://localhost:3000' },
  {
    name: 'PUBLIC_ORIGIN behind a proxy',
    env: { PORT: '8443', PUBLIC_ORIGIN: 'https://contacts.contoso.com', DEV_PUBLIC_ORIGIN: '1' },
    https: true,
    url: 'https://localhost:8443',
  },
];

/** Every http(s) URL in a text, without trailing punctuation. */
const urls = (text: string) =>
  [...text.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0].replace(/[.,;]$/, ''));

/** The `NAME=value` words before `command` on the banner's line that names it (POSIX quoting undone). */
function printedEnvironment(banner: string, command: string): Record<string, string> {
  const line = banner.split('\n').find((l) => l.includes(command)) ?? '';
  const prefix = line.slice(0, line.indexOf(command));
  const words = [...prefix.matchAll(/([A-Z_]+)=('(?:[^']|'\\'')*'|\S+) /g)];
  return Object.fromEntries(
    words.map(([, name, value]) => [
      name,
      value?.startsWith("'") ? value.slice(1, -1).replaceAll("'\\''", "'") : value,
    ]),
  );
}

test('a server on every default prints the commands bare', () => {
  const loaded = loadConfig({});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  expect(
    sameEnvironment(loaded.config, ['PORT', 'HTTPS', 'PUBLIC_ORIGIN', 'DEV_PUBLIC_ORIGIN', 'DATA_DIR']),
  ).toBe('');
});

describe.each(ROWS)('$name', (row) => {
  // A data folder whose path needs quoting in a shell (a space and a quote).
  const loaded = loadConfig({ ...row.env, DATA_DIR: mkdtempSync(join(tmpdir(), "manifest o'dir ")) });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const { config } = loaded;
  const origin = addinOrigin({ publicOrigin: config.publicOrigin, https: row.https, port: config.port });
  const file = writeAddinManifest(config.dataDir, origin);

  test('the written manifest names only the add-in’s origin (no URL of the source’s)', () => {
    const xml = readFileSync(file, 'utf8');
    const source = readFileSync(SOURCE_MANIFEST, 'utf8');
    const ours = urls(xml).filter(
      (u) => new URL(u).hostname === new URL(origin).hostname || u.includes('localhost'),
    );
    expect(ours.length).toBe(urls(source).filter((u) => u.startsWith('https://localhost:3000')).length);
    for (const u of ours) expect(new URL(u).origin).toBe(origin);
  });

  test('the banner’s URLs of this machine are the server’s, and it names the written file', () => {
    const out = banner();
    for (const u of urls(out).filter((x) => new URL(x).hostname === 'localhost'))
      expect(new URL(u).origin).toBe(row.url);
    if (new URL(origin).protocol === 'https:') {
      expect(out).toContain(`Sideload ${file}`);
      expect(out).toContain(`Add from file → ${file}`);
    } else {
      // Helper newuser: with HTTPS=0 it gave sideload steps for a manifest Outlook refuses (and
      // `npm run validate`'s https rule fails); it says so instead.
      expect(out).toContain(`Outlook cannot load ${file}: it names ${origin}`);
      expect(out).not.toContain('Add from file');
      expect(out).not.toContain('npm run sideload');
    }
    if (origin !== row.url) expect(out).toContain(`names ${origin}`);
  });

  test('the CLI and sideload commands it prints reach this server with the environment printed', () => {
    const out = banner();
    const cli = loadConfig(printedEnvironment(out, './bin/bc-contact-sync.js sync'));
    if (!cli.ok) throw new Error(cli.errors.join('; '));
    expect(resolve(cli.config.dataDir)).toBe(resolve(config.dataDir));
    if (new URL(origin).protocol !== 'https:') return; // no sideload is offered (above)
    const sideload = loadConfig(printedEnvironment(out, 'npm run sideload'));
    if (!sideload.ok) throw new Error(sideload.errors.join('; '));
    expect(resolve(sideload.config.dataDir)).toBe(resolve(config.dataDir));
    const { publicOrigin, https, port } = sideload.config;
    expect(addinOrigin({ publicOrigin, https, port })).toBe(origin);
  });

  function banner(): string {
    let out = '';
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    try {
      printBanner({
        url: row.url,
        addinOrigin: origin,
        manifestFile: file,
        ctx: { config, devIssuer: {} },
        tls: row.https ? { kind: 'https', caPath: '/ca.pem' } : { kind: 'http', reason: 'HTTPS=0' },
        pane: { status: () => 'built', buildLog: '' },
        log: { kind: 'given' },
        graph: {},
      } as unknown as RunningServer);
    } finally {
      write.mockRestore();
    }
    return out;
  }
});
