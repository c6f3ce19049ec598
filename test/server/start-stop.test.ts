import { rmSync } from 'node:fs';
import { expect, test } from '@jest/globals';
import { startServer } from '../../src/server/main.js';
import { freshDataDir } from '../support/quiet-server.js';

// Issue 13 §5: npm start's process stops what it started in reverse order, the runs before the
// store (they record themselves interrupted while it is open), the store last.

test('close() stops runs, server.json, pane, Graph, HTTP, Graph ownership, then the store', async () => {
  const dir = await freshDataDir('bcsync-stop-');
  const server = await startServer({
    env: { DATA_DIR: dir },
    overrides: { port: 0, https: false, scheduler: false, logLevel: 'silent', buildPane: false },
  });
  try {
    expect(server.stopOrder).toEqual([
      'runs',
      'server.json',
      'run reaper',
      'pane',
      'graph',
      'http',
      'graph owner',
      'store',
    ]);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  // Closed for good: a second close has nothing left to do.
  await expect(server.close()).resolves.toBeUndefined();
});
