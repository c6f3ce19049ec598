import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { countWrites } from '../../src/core/plan.js';
import type { RunOutcome } from '../../src/core/run.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { UncertainWorld } from '../support/uncertain-world.js';
import type { Seat } from '../support/uncertain-world.js';

// F34 (issue 9 §5 on the pane's path): a browser sends a request again by itself when a reused
// keep-alive connection closes before any byte of the answer, POSTs included, and the engine sees
// only the second answer. With the pane's mailbox (silentResends), every Graph write kind sent
// twice this way leaves one Outlook contact per BC contact, and the run's counts are the changes
// made: a table over create, update and delete, each resent on every write of its kind.

let world: UncertainWorld;
beforeAll(async () => {
  world = await UncertainWorld.start('inProcess');
});
afterAll(async () => world.close());

const N = 6;

/** Sets every Graph write of `method` to be sent twice for the next run, runs it, and clears it. */
async function resentRun(seat: Seat, method: string, mode: 'delta' | 'full'): Promise<RunOutcome> {
  seat.graphFates = (w) => (w.method === method ? 'appliedResent' : 'ok');
  const run = await seat.sync(mode);
  seat.graphFates = null;
  // The resends did happen: the test is not vacuous.
  expect(
    seat.graphLog.writes.filter((w) => w.method === method && w.fate === 'appliedResent').length,
  ).toBeGreaterThan(0);
  return run;
}

async function oneCopyEach(seat: Seat): Promise<void> {
  const bc = await seat.bcAll();
  const outlook = await seat.outlookAll();
  expect(outlook.map((o) => o.bcId).sort()).toEqual(bc.map((b) => b.id).sort());
}

describe('the pane mailbox under writes the browser resends by itself (F34)', () => {
  let seat: Seat;
  beforeAll(async () => {
    seat = await world.seat({ silentResends: true });
    const made = await seat.bcDirect.create(
      Array.from({ length: N }, (_, i) => bcDraft(i, { email: `resent${i}@fabrikam.com` })),
    );
    expect(made.every((m) => m.ok)).toBe(true);
  });

  test('creates sent twice: one Outlook contact per BC contact, created counts the contacts made', async () => {
    const run = await resentRun(seat, 'POST', 'full');
    expect(run.record.status).toBe('succeeded');
    expect(run.record.counts.outlook).toMatchObject({ created: N, updated: 0, deleted: 0 });
    await oneCopyEach(seat);
  });

  test('updates sent twice: updated counts the contacts changed, and they hold the change', async () => {
    const bc = await seat.bcAll();
    for (const b of bc.slice(0, 2)) {
      const [r] = await seat.bcDirect.update([{ id: b.id, etag: b.etag, patch: { jobTitle: 'Resent' } }]);
      expect(r?.ok).toBe(true);
    }
    const run = await resentRun(seat, 'PATCH', 'delta');
    expect(run.record.status).toBe('succeeded');
    expect(run.record.counts.outlook).toMatchObject({ created: 0, updated: 2, deleted: 0 });
    const titled = (await seat.outlookAll()).filter((o) => o.jobTitle === 'Resent');
    expect(titled.map((o) => o.bcId).sort()).toEqual(
      bc
        .slice(0, 2)
        .map((b) => b.id)
        .sort(),
    );
  });

  test('deletes sent twice: deleted counts the contacts removed', async () => {
    const [gone] = await seat.bcAll();
    await seat.deleteInBc(gone?.id ?? '');
    const run = await resentRun(seat, 'DELETE', 'full');
    expect(run.record.status).toBe('succeeded');
    expect(run.record.counts.outlook).toMatchObject({ created: 0, updated: 0, deleted: 1 });
    await oneCopyEach(seat);
    expect(await seat.outlookAll()).toHaveLength(N - 1);
  });

  test('afterwards both sides agree: a full sync has nothing to write', async () => {
    const run = await seat.sync('full');
    expect(run.record.status).toBe('succeeded');
    expect(countWrites(run.plan!)).toBe(0);
  });
});
