import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import webpack from 'webpack';
import { paneCacheControl, mountPane } from '../../src/server/static-pane.js';
import { PrecompressPlugin } from '../../scripts/precompress-plugin.mjs';

// F36: the pane's static files went out uncompressed and without caching, so every load fetched
// about 1.5 MB again. The build now writes .br and .gz beside each text file and the server sends
// them to browsers that accept them (@fastify/static preCompressed); bundles named by their content
// hash are cached for a year as immutable, everything else is revalidated.

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const text = (label: string) => `/* ${label} */ ${'console.log("contact sync");'.repeat(200)}`;

/** A built pane as the build leaves it: pages, hashed bundles, the fixed-name loader, an asset. */
function scratchPane(): string {
  const root = mkdtempSync(join(tmpdir(), 'pane-compression-'));
  roots.push(root);
  const files: Record<string, string> = {
    'dist/taskpane.html': `<!doctype html><script src="/taskpane.1a2b3c4d.js"></script>${text('page')}`,
    'dist/taskpane.1a2b3c4d.js': text('taskpane bundle'),
    'dist/316.f3a98b13.js': text('lazy chunk'),
    'dist/office-js-loader.js': text('loader'),
    'dist/assets/icon-32.png': 'PNG',
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    if (path.endsWith('.js') || path.endsWith('.html')) {
      writeFileSync(join(root, `${path}.br`), brotliCompressSync(Buffer.from(content)));
      writeFileSync(join(root, `${path}.gz`), gzipSync(Buffer.from(content)));
    }
  }
  return root;
}

let app: FastifyInstance;
let root: string;
beforeAll(async () => {
  root = scratchPane();
  app = Fastify();
  await mountPane(app, { buildIfMissing: false, logDir: root, origin: () => '', root });
});
afterAll(async () => {
  await app?.close();
});

const get = (url: string, acceptEncoding?: string) =>
  app.inject({ url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('F36: the pane is sent compressed and cached', () => {
  test('F36: the pane bundle goes out as brotli to a browser that accepts it, cached a year, immutable', async () => {
    const res = await get('/taskpane.1a2b3c4d.js', 'gzip, deflate, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(text('taskpane bundle'));
    expect(res.rawPayload.length).toBeLessThan(text('taskpane bundle').length / 5);
  });

  test.each([
    ['/taskpane.html', 'no-cache'],
    ['/taskpane.1a2b3c4d.js', 'public, max-age=31536000, immutable'],
    ['/316.f3a98b13.js', 'public, max-age=31536000, immutable'],
    ['/office-js-loader.js', 'no-cache'],
  ])('%s: brotli, gzip or plain as the browser accepts; Cache-Control %s', async (url, cache) => {
    const plain = readFileSync(join(root, 'dist', url)).toString();
    const br = await get(url, 'br;q=1, gzip;q=0.5');
    expect([br.statusCode, br.headers['content-encoding'], br.headers['cache-control']]).toEqual([
      200,
      'br',
      cache,
    ]);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain);
    const gz = await get(url, 'gzip');
    expect([gz.headers['content-encoding'], gz.headers['cache-control']]).toEqual(['gzip', cache]);
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain);
    const none = await get(url);
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body).toBe(plain);
    expect(none.headers['cache-control']).toBe(cache);
    // Sent compressed or not, the type is the file's own (not .br's).
    expect(String(br.headers['content-type'])).toBe(String(none.headers['content-type']));
  });

  test('an asset without a compressed copy is sent as it is and revalidated', async () => {
    const res = await get('/assets/icon-32.png', 'br, gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  test.each([
    ['taskpane.1a2b3c4d.js', true],
    ['316.f3a98b13.js.br', true],
    ['vendors.0123abcd.css.gz', true],
    ['taskpane.html', false],
    ['taskpane.html.br', false],
    ['office-js-loader.js', false],
    ['support.html', false],
    ['assets/icon-80.png', false],
    ['office-js/office.js', false],
    ['taskpane.1A2B3C4D.js', false],
  ])('cache rule: %s immutable=%s', (path, immutable) => {
    expect(paneCacheControl(`/srv/dist/${path}`).includes('immutable')).toBe(immutable);
  });
});

describe('PrecompressPlugin (the pane build)', () => {
  test('writes .br and .gz beside each text file over 1 KiB, none for small files or Office.js', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'precompress-'));
    roots.push(dir);
    writeFileSync(join(dir, 'big.js'), `export const big = ${JSON.stringify(text('big'))};`);
    const out = join(dir, 'dist');
    const compiler = webpack({
      mode: 'none',
      context: dir,
      entry: { big: './big.js' },
      output: { path: out, filename: '[name].js' },
      plugins: [
        new PrecompressPlugin(),
        {
          // Office.js is copied into office-js/ by CopyWebpackPlugin (a stand-in here), and a small file.
          apply: (c: webpack.Compiler) =>
            c.hooks.thisCompilation.tap('office', (compilation) =>
              compilation.hooks.processAssets.tap(
                { name: 'office', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
                () => {
                  compilation.emitAsset('office-js/office.js', new webpack.sources.RawSource(text('office')));
                  compilation.emitAsset('small.json', new webpack.sources.RawSource('{"small":1}'));
                },
              ),
            ),
        },
      ],
    });
    const stats = await new Promise<webpack.Stats | undefined>((resolve, reject) =>
      compiler.run((err, s) => (err ? reject(err) : resolve(s))),
    );
    await new Promise((resolve) => compiler.close(resolve));
    expect(stats?.hasErrors()).toBe(false);
    expect(readdirSync(out).sort()).toEqual(['big.js', 'big.js.br', 'big.js.gz', 'office-js', 'small.json']);
    expect(readdirSync(join(out, 'office-js'))).toEqual(['office.js']);
    const big = readFileSync(join(out, 'big.js'));
    expect(brotliDecompressSync(readFileSync(join(out, 'big.js.br')))).toEqual(big);
    expect(gunzipSync(readFileSync(join(out, 'big.js.gz')))).toEqual(big);
  });
});
