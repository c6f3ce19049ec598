import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { RECENT_RUNS, stateOriginIn } from '../../src/core/state-origin.js';
import { RunEnvironmentError } from '../../src/server/sync/run-refusals.js';
import type { RunEnvironmentReason } from '../../src/server/sync/run-refusals.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { person } from '../support/world.js';
import { ANN, adminCall, runToEnd, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

// Review R2's kind: a record that syncs nothing must carry the state's folder and company over,
// or RECENT_RUNS of them hide both from the next run (which then syncs another company against the
// old one's links, or makes a second folder when the user renamed it in Outlook). The engine's
// companyChanged stop carries them (run.ts); these are the records the run manager writes itself
// for a run the environment refused before the engine started (run-manager-records.ts recordRefusal).

const ADMIN = 'admin-token-for-tests';

interface Refusal {
  readonly reason: RunEnvironmentReason;
  /** Puts the harness in the refusing state; returns what lifts it. */
  arrange(h: SyncHarness): () => void;
}

const refuse = (reason: RunEnvironmentReason) => () => {
  throw new RunEnvironmentError(reason, `refused: ${reason}`);
};

const refusals: Refusal[] = [
  {
    reason: 'graphAppMissing',
    arrange: (h) => {
      const original = h.env.mailboxFor;
      h.env.mailboxFor = refuse('graphAppMissing');
      return () => (h.env.mailboxFor = original);
    },
  },
  ...(['noCompanyMembership', 'noCompany'] as const).map((reason): Refusal => ({
    reason,
    arrange: (h) => {
      const original = h.env.bcContacts;
      h.env.bcContacts = async () => refuse(reason)();
      return () => (h.env.bcContacts = original);
    },
  })),
];

describe('records of runs the environment refused carry the state over (R2 kind)', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await syncHarness({ adminToken: ADMIN });
    // A BC side that knows its company, as every host's does (the harness's does not).
    const bc = new MemoryBcContacts(h.clock, 'aaaa0000-0000-0000-0000-00000000000a');
    bc.seed(person(1));
    h.env.bcContacts = async () => bc;
  });
  afterEach(async () => {
    await h.close();
  });

  test.each(refusals)('$reason, RECENT_RUNS + 1 times after a synced run: the origin stays', async (r) => {
    expect((await runToEnd(h, ANN, { mode: 'full' })).status).toBe('succeeded');
    const before = stateOriginIn(await h.store.listRuns(ANN, RECENT_RUNS));
    expect(before.folder).not.toBeNull();
    expect(before.companyId).not.toBeNull();
    const lift = r.arrange(h);
    try {
      for (let n = 0; n <= RECENT_RUNS; n++) {
        h.clock.advance(60_000);
        const res = await adminCall(h.app, ADMIN, 'POST', '/internal/runs', { user: ANN, mode: 'delta' });
        expect(res.status).toBeGreaterThanOrEqual(400);
      }
    } finally {
      lift();
    }
    const recent = await h.store.listRuns(ANN, RECENT_RUNS);
    // Each refusal left its record (the pane's history says why nothing synced)...
    expect(recent.map((x) => `${x.status}:${x.errors.map((e) => e.code).join(',')}`)).toEqual(
      Array.from({ length: RECENT_RUNS }, () => `failed:${r.reason}`),
    );
    // ...and the state is still the synced run's folder and company.
    expect(stateOriginIn(recent)).toEqual(before);
  });
});
