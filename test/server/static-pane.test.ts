import { describe, expect, test } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { buildingPage, mountPane } from '../../src/server/static-pane.js';

// F40: the waiting page promised "about 30 s" while a build under load took 670 s; it now says how
// long the build has run, so the user can tell a slow build from a stuck one.
describe('the page served while the pane builds', () => {
  test.each([
    [0, 'started 0 s ago'],
    [59_999, 'started 59 s ago'],
    [130_000, 'started 2 min 10 s ago'],
    [670_000, 'started 11 min 10 s ago'],
  ])('after %i ms it says "%s"', (elapsedMs, text) => {
    const page = buildingPage(elapsedMs);
    expect(page).toContain(text);
    expect(page).not.toContain('30 s the first time');
    // F125: it waits by its script, never by reloading itself (a reload while the server is down
    // shows the browser's error page instead).
    expect(page).not.toContain('http-equiv="refresh"');
    expect(page).toContain('<script src="/pane-waiting.js" defer></script>');
  });
});

// Helper newuser: every page a browser opened asked for /favicon.ico and got a 404, which the
// request log printed as a warning in `npm start`'s output.
describe('/favicon.ico', () => {
  test('is the add-in icon from the sources, with no pane built', async () => {
    const root = mkdtempSync(join(tmpdir(), 'favicon-'));
    mkdirSync(join(root, 'assets'));
    copyFileSync('assets/icon-32.png', join(root, 'assets/icon-32.png'));
    const app = Fastify();
    try {
      await mountPane(app, {
        buildIfMissing: false,
        logDir: root,
        origin: () => 'https://localhost:3000',
        root,
      });
      const answer = await app.inject({ method: 'GET', url: '/favicon.ico' });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toBe('image/png');
      expect(answer.rawPayload.equals(readFileSync('assets/icon-32.png'))).toBe(true);
    } finally {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
