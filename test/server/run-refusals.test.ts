import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { LEASE_TTL_MS } from '../../src/core/run.js';
import { RunEnvironmentError } from '../../src/server/sync/run-refusals.js';
import { leaseKeyOf } from '../../src/server/sync/run-manager.js';
import { adminCall, ANN, Gate, call, cliRunToEnd, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

// Issue 9 §6: every known refusal of a run is the same typed 4xx/503 on every route that starts
// runs — the pane's POST /sync/v1/runs and the CLI's POST /internal/runs (its start) — never a 500.

const ADMIN = 'admin-token-for-tests';

interface Route {
  readonly name: string;
  start(h: SyncHarness): Promise<{ status: number; body: Record<string, unknown> }>;
}

const routes: Route[] = [
  { name: 'pane POST /sync/v1/runs', start: (h) => call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'delta' }) },
  {
    name: 'CLI POST /internal/runs',
    start: (h) => adminCall(h.app, ADMIN, 'POST', '/internal/runs', { user: ANN, mode: 'delta' }),
  },
];

interface Refusal {
  readonly name: string;
  /** Puts the harness in the refusing state; returns a function that lifts it. */
  arrange(h: SyncHarness): Promise<() => void>;
  readonly status: number;
  readonly code: string;
  readonly message: RegExp;
  /** The body's reason as data, where the refusal has one beside its code (matched as a subset). */
  readonly reason?: Readonly<Record<string, unknown>>;
}

const refusals: Refusal[] = [
  {
    name: 'a run of this user is active in this process',
    arrange: async (h) => {
      const gate = new Gate();
      h.bc.gate = gate;
      await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full' });
      return () => gate.open();
    },
    status: 409,
    code: 'RunInProgress',
    message: /already running/,
  },
  {
    name: 'another process holds the lease',
    arrange: async (h) => {
      const key = leaseKeyOf(ANN, DEFAULT_SETTINGS.folderName);
      await h.store.acquireLease(key, 'run-elsewhere', h.clock.now(), LEASE_TTL_MS);
      return () => undefined;
    },
    status: 409,
    code: 'RunInProgress',
    message: /already running/,
    // The holder and when its lease runs out (a pane closed mid-sync frees the folder then), as data
    // on both routes: the pane and the CLI word the time in the user's zone (was: the CLI's body had
    // no reason, only English with a UTC time).
    reason: {
      kind: 'RunInProgress',
      refusal: 'folderBusy',
      runId: 'run-elsewhere',
      until: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    },
  },
  {
    name: 'the saved filter does not compile',
    arrange: async (h) => {
      await h.store.putSettings(ANN, { ...DEFAULT_SETTINGS, filter: { city: "'unclosed" } });
      return () => undefined;
    },
    status: 400,
    code: 'InvalidSettings',
    message: /filter is not valid/,
  },
  {
    name: 'the facade has no Graph app access for server-side runs',
    arrange: async (h) => {
      const original = h.env.mailboxFor;
      h.env.mailboxFor = () => {
        throw new RunEnvironmentError(
          'graphAppMissing',
          'Server-side runs need Graph app access: set GRAPH_TENANT_ID.',
        );
      };
      return () => (h.env.mailboxFor = original);
    },
    status: 503,
    code: 'ServerRunsUnavailable',
    message: /GRAPH_TENANT_ID/,
  },
];

describe.each(routes)('$name', (route) => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await syncHarness({ adminToken: ADMIN });
  });
  afterEach(async () => {
    await h.close();
  });

  test.each(refusals)('refuses with a typed answer when $name', async (r) => {
    const lift = await r.arrange(h);
    try {
      const res = await route.start(h);
      expect({ status: res.status, code: (res.body.error as { code: string }).code }).toEqual({
        status: r.status,
        code: r.code,
      });
      expect((res.body.error as { message: string }).message).toMatch(r.message);
      if (r.reason) expect((res.body.error as { reason?: unknown }).reason).toMatchObject(r.reason);
    } finally {
      lift();
    }
  });
});

describe('a run that starts and then fails', () => {
  test('answers the CLI with its failed record and reason, not a 500', async () => {
    const h = await syncHarness({ adminToken: ADMIN });
    try {
      h.bc.listAll = async () => {
        throw new Error('BC is down for maintenance');
      };
      // The CLI's start answers 202 at once (F82); it reads the ended run with GET /internal/runs/:id.
      const res = await cliRunToEnd(h, ADMIN, { user: ANN, mode: 'delta' });
      expect(res.status).toBe(200);
      expect(res.body.record).toMatchObject({
        status: 'failed',
        // A code (the error's class; its text goes to the log), with the default English words.
        errors: [
          expect.objectContaining({
            code: 'unexpected',
            params: { name: 'Error' },
            message: expect.stringMatching(/unexpected error \(Error\)/),
          }),
        ],
      });
    } finally {
      await h.close();
    }
  });
});
