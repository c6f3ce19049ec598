import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startServer } from '../../src/server/main.js';
import type { RunningServer } from '../../src/server/main.js';
import { RunEnvironmentError } from '../../src/server/sync/run-refusals.js';
import { runCli } from '../support/in-process-product.js';
import { freshDataDir } from '../support/quiet-server.js';

// Issue 9 §6 and F118 as a user meets them: a configuration that can run no server-side sync, or a
// user the directory does not know, is a configuration / input error on every host — the CLI
// through a running server and in its own process: one line, exit 2 (README "Command line"; was
// exit 1, in-process after 26–98 s); the scheduler: a failed run record with the code.
// The in-process refusal without Graph app access, before the store opens: cli/start-refusals.

const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, { ...env, LOG_LEVEL: 'silent' });
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
// In entra mode a UPN names a user only once they have signed in; the key always does.
const ANN_KEY = `${TENANT}:a0a0a0a0-0000-4000-8000-000000000001`;
const GRAPH_LINE =
  /^configuration: Server-side runs .*GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET/;
const UNKNOWN_LINE =
  'bc-contact-sync: sync: No user with the UPN ann@contoso.com has signed in to the facade; pass the user key <tenant id>:<object id>.';

const entra = (dir: string, extra: NodeJS.ProcessEnv = {}) => ({
  DATA_DIR: dir,
  AUTH_MODE: 'entra',
  ENTRA_TENANT_ID: TENANT,
  ENTRA_API_AUDIENCE: 'api://contact-sync',
  SEED_DEMO: '1',
  HTTPS: '0',
  SCHEDULER: '0',
  PANE_BUILD: '0',
  ...extra,
});
/** App credentials nothing ever asks a token with: each row is refused before. */
const GRAPH_APP = { GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: 'app', GRAPH_CLIENT_SECRET: 'never-used' };

describe('through an entra-mode server without Graph app credentials', () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = await freshDataDir('bcsync-cli-entra-');
    server = await startServer({
      env: entra(dir),
      overrides: { port: 0, https: false, scheduler: false, logLevel: 'silent', buildPane: false },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ['a user key: no Graph app access', ANN_KEY, GRAPH_LINE],
    ['a UPN nobody has signed in with', 'ann@contoso.com', UNKNOWN_LINE],
  ])('%s: exit 2, one line', async (_name, user, line) => {
    const r = await cli(['sync', '--user', user, '--mode', 'delta'], entra(dir));
    expect({ code: r.code, stdout: r.stdout, lines: r.stderr.trim().split('\n') }).toEqual({
      code: 2,
      stdout: '',
      lines: [typeof line === 'string' ? line : expect.stringMatching(line)],
    });
  });

  test('bad arguments still exit 2', async () => {
    const r = await cli(['sync', '--user', 'ann@contoso.com', '--mode', 'weekly'], entra(dir));
    expect(r.code).toBe(2);
  });

  test('a scheduled run is refused and recorded failed with the code graphAppMissing', async () => {
    const refused = await server.manager
      .runNow(ANN_KEY, { mode: 'delta', dryRun: false, confirmMassDelete: false, trigger: 'schedule' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(refused).toBeInstanceOf(RunEnvironmentError);
    const [last] = await server.ctx.stateStore.listRuns(ANN_KEY, 1);
    expect({
      status: last?.status,
      trigger: last?.trigger,
      codes: last?.errors.map((e) => (e as { code?: string }).code),
    }).toEqual({ status: 'failed', trigger: 'schedule', codes: ['graphAppMissing'] });
  });
});

describe('in its own process (no server running), with Graph app credentials', () => {
  let dir: string;
  beforeAll(async () => void (dir = await freshDataDir('bcsync-cli-entra-own-')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a UPN nobody has signed in with: exit 2, one line, refused once the store is open', async () => {
    const r = await cli(['sync', '--user', 'ann@contoso.com', '--mode', 'delta'], entra(dir, GRAPH_APP));
    expect({ code: r.code, stdout: r.stdout, lines: r.stderr.trim().split('\n') }).toEqual({
      code: 2,
      stdout: '',
      lines: [UNKNOWN_LINE],
    });
  });
});
