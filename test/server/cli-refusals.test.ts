import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startServer } from '../../src/server/main.js';
import type { RunningServer } from '../../src/server/main.js';
import { runCli } from '../support/in-process-product.js';
import { freshDataDir } from '../support/quiet-server.js';

// Issue 9 §6 as a user meets it: the CLI against a running entra-mode facade that has no Graph
// app credentials prints the reason in one line and exits 1 (was: "Internal Server Error").

const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, { ...env, LOG_LEVEL: 'silent' });

describe('bc-contact-sync sync against an entra-mode server without Graph credentials', () => {
  let dir: string;
  let server: RunningServer;
  const env = () => ({
    DATA_DIR: dir,
    AUTH_MODE: 'entra',
    ENTRA_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    ENTRA_API_AUDIENCE: 'api://contact-sync',
    SEED_DEMO: '1',
    HTTPS: '0',
    SCHEDULER: '0',
  });
  beforeAll(async () => {
    dir = await freshDataDir('bcsync-cli-entra-');
    server = await startServer({
      env: env(),
      overrides: { port: 0, https: false, scheduler: false, logLevel: 'silent', buildPane: false },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('exits 1 with one line naming the variables to set', async () => {
    // In entra mode a UPN names a user only once they have signed in; the key always does.
    const annKey = '72f988bf-86f1-41af-91ab-2d7cd011db47:a0a0a0a0-0000-4000-8000-000000000001';
    const r = await cli(['sync', '--user', annKey, '--mode', 'delta'], env());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^bc-contact-sync: Server-side runs .*GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET/,
      ),
    ]);
  });

  test('a UPN nobody has signed in with: exit 1, one line saying to pass the user key', async () => {
    const r = await cli(['sync', '--user', 'ann@contoso.com', '--mode', 'delta'], env());
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'bc-contact-sync: No user with the UPN ann@contoso.com has signed in to the facade; pass the user key <tenant id>:<object id>.',
    ]);
  });

  test('bad arguments still exit 2', async () => {
    const r = await cli(['sync', '--user', 'ann@contoso.com', '--mode', 'weekly'], env());
    expect(r.code).toBe(2);
  });
});
