import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { RunRecord } from '../../src/core/records.js';
import { SLICE_ROWS } from '../../src/platform/loop-turns.js';
import { person } from '../support/world.js';
import { call, runToEnd, syncHarness, userOf } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

/**
 * F89's kind (issue 10 §3): a request whose CPU grows with the company's stored contacts must give
 * the event loop a turn every slice of its work, or it holds /healthz and every other caller for
 * as long as it runs. A table over every bulk route (work-limits.ts BULK_WORK, and a run's
 * planning), each at CONTACTS BC contacts: the turns the loop served while the request ran are
 * counted (never timed) and must be at least one per slice of the work. The harness's BC is in
 * memory (its reads are not sliced, test/store/sliced-reads covers the store's), so the turns
 * counted here are mostly the route's own. Measured at 20,480 contacts before → after the fix: a
 * full dry run 2 → 42 turns (planning, ≥ 40), its plan's JSON 0 → 122 (≥ 102). The folder preview
 * served 159 before its planning was sliced too (the in-memory mailbox's reads give turns), so its
 * row holds the bound but does not tell the fix apart; bench:preview-loop measures its loop block.
 */

/** Contacts in the company: 40 of the planner's steps (512 links), 100 slices of SLICE_ROWS. */
const CONTACTS = 40 * 512;
const user = userOf('turns@contoso.com');
let h: SyncHarness;

/** Runs `work` while a chain of setImmediate counts the loop's turns; the result and the count. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let done = false;
  const tick = (): void => {
    if (done) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return { result: await work(), turns };
  } finally {
    done = true;
  }
}

beforeAll(async () => {
  h = await syncHarness();
  await call(h, user, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS });
  for (let n = 0; n < CONTACTS; n++) h.bc.seed(person(n, { city: 'Oulu' }));
  await h.mailbox(user).ensureFolder('Customers');
}, 600_000);

afterAll(async () => {
  await h?.close();
});

let dryRun: RunRecord | null = null;

/** Route → the request, and the fewest turns its work must give (one per slice or planner step). */
const ROUTES: ReadonlyArray<{ route: string; atLeast: number; send: () => Promise<{ status: number }> }> = [
  {
    route: 'POST /sync/v1/match-preview',
    atLeast: CONTACTS / 250,
    send: () => call(h, user, 'POST', '/sync/v1/match-preview', { filter: { city: 'Oulu' } }),
  },
  {
    route: 'POST /sync/v1/folder-preview (plans a full sync into the folder)',
    atLeast: CONTACTS / 512,
    send: () => call(h, user, 'POST', '/sync/v1/folder-preview', { folderName: 'Customers' }),
  },
  {
    route: 'POST /sync/v1/runs, a full dry run to its end (planning)',
    atLeast: CONTACTS / 512,
    send: async () => {
      dryRun = await runToEnd(h, user, { mode: 'full', dryRun: true });
      return { status: dryRun.status === 'succeeded' ? 200 : 500 };
    },
  },
  {
    route: "GET /sync/v1/runs/{id}/plan (the dry run's plan as JSON)",
    atLeast: CONTACTS / SLICE_ROWS,
    send: () => call(h, user, 'GET', `/sync/v1/runs/${dryRun!.id}/plan`),
  },
];

describe('every bulk route gives the event loop a turn per slice of its work (F89)', () => {
  test.each(ROUTES)('$route', async ({ send, atLeast }) => {
    const { result, turns } = await turnsDuring(send);
    expect(result.status).toBe(200);
    expect(turns).toBeGreaterThanOrEqual(atLeast);
  });

  test("the plan's JSON is the whole plan: every item of the dry run", async () => {
    const r = await call(h, user, 'GET', `/sync/v1/runs/${dryRun!.id}/plan`);
    const body = r.body as { run: { id: string }; plan: { items: unknown[]; summary: unknown } };
    expect(body.run.id).toBe(dryRun!.id);
    expect(body.plan.items).toHaveLength(CONTACTS);
  });
});
