/**
 * Every URL of this machine the `npm start` banner prints answers a plain GET from a browser: a page,
 * or an API's "a token is required" (401), never a 404 or a 5xx (helper newuser: "Sync API …/sync/v1"
 * and "Graph emulator …/graph/v1.0" answered 404 No route). The real product, started as `npm start`
 * starts it (bin/bc-contact-sync.js start), with an empty DATA_DIR.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, expect, test } from '@jest/globals';
import { spawnProduct } from '../support/product-process.js';
import { freshDataDir } from '../support/quiet-server.js';

let dir = '';
let child: ChildProcess | null = null;
afterAll(() => {
  child?.kill('SIGKILL');
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

/** The banner `npm start` prints, once it has printed all of it. */
async function startedBanner(): Promise<string> {
  dir = await freshDataDir('banner-urls-');
  const started = spawnProduct(dir);
  child = started;
  return await new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    started.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Stop with Ctrl+C.')) resolve(out);
    });
    started.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    started.on('exit', (code) => reject(new Error(`npm start exited with ${code}: ${err}${out}`)));
  });
}

test('each URL of this machine in the banner answers a GET without a 404 or a 5xx', async () => {
  const banner = await startedBanner();
  const urls = [...banner.matchAll(/https?:\/\/localhost:\d+[^\s"'<>)]*/g)].map((m) =>
    m[0].replace(/[.,;]$/, ''),
  );
  expect(urls.length).toBeGreaterThanOrEqual(8);
  const answers: string[] = [];
  for (const url of urls) {
    const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
    await res.arrayBuffer();
    answers.push(`${res.status} ${new URL(url).pathname}`);
  }
  expect(answers.filter((a) => a.startsWith('404') || a.startsWith('5'))).toEqual([]);
  // The APIs the banner names ask for a token rather than missing a route.
  expect(answers).toEqual(
    expect.arrayContaining(['401 /api/v2.0/companies', '401 /graph/v1.0/me/contactFolders', '200 /docs']),
  );
});
