/**
 * Tester F39 (issue 11): with PORT≠3000 the start banner and the README sent the user to the
 * repository's manifest.xml, which names https://localhost:3000. Kind: a URL the product prints or
 * generates that does not come from the configured origin. Table over configurations: the manifest
 * `npm start` writes names only the add-in's origin, and every URL of this machine the banner
 * prints is the server's own, with the written file as the one to sideload.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, jest, test } from '@jest/globals';
import { printBanner } from '../../src/cli/banner.js';
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

describe.each(ROWS)('$name', (row) => {
  const loaded = loadConfig({ ...row.env, DATA_DIR: mkdtempSync(join(tmpdir(), 'manifest-')) });
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
        graph: {},
      } as unknown as RunningServer);
    } finally {
      write.mockRestore();
    }
    for (const u of urls(out).filter((x) => new URL(x).hostname === 'localhost'))
      expect(new URL(u).origin).toBe(row.url);
    expect(out).toContain(`Sideload ${file}`);
    expect(out).toContain(`Add from file → ${file}`);
    if (origin !== row.url) expect(out).toContain(`names ${origin}`);
  });
});
