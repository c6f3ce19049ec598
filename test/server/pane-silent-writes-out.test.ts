/**
 * Brief leasegaps item 1: a pane's lease (its holder a browser: nothing to probe, the lease only
 * expires) lasted LEASE_TTL_MS (30 s) past its last heartbeat, while a write it sent could land up
 * to its timeout (60 s) after it went out: a pane whose network dropped mid-write lost its folder
 * to the next run, which wrote the same contact again. The record save that announces each write
 * call (F114: counted uncertain before the call goes out) now keeps the lease announcedKeepMs of
 * writeSettleMs (70 s) past it; a pane that went silent with no write out frees its folder after 30 s, as before.
 */
import { describe, expect, test } from '@jest/globals';
import {
  DEFAULT_WRITE_SETTLE_MS,
  LEASE_HEARTBEAT_MS,
  LEASE_TTL_MS,
  announcedKeepMs,
} from '../../src/core/lease.js';
import { startingRecord } from '../../src/core/records.js';
import type { RunRecord } from '../../src/core/records.js';
import { ANN, call, useSyncHarness } from './sync-harness.js';

const h = useSyncHarness();
/** How long the facade keeps a pane's lease past a save announcing writes, at its default timeouts. */
const KEEP = announcedKeepMs(DEFAULT_WRITE_SETTLE_MS);
const FOLDER = 'Business Central';
const zero = () => ({ created: 0, updated: 0, deleted: 0 });
let n = 0;
/** When the pane's record was saved (epoch ms, the facade's clock). */
let savedAt = 0;

/** A pane's run over the state API: its lease, its heartbeats, and its record saved with `uncertain`. */
async function paneRun(uncertain: RunRecord['uncertain'] | undefined): Promise<string> {
  h.clock.advance(10 * 60_000);
  const id = `pane-run-${++n}`;
  const acquire = { key: FOLDER, owner: id, now: h.clock.now(), ttlMs: LEASE_TTL_MS };
  expect((await call(h, ANN, 'POST', '/sync/v1/state/lease/acquire', acquire)).body).toMatchObject({
    ok: true,
  });
  const start = startingRecord(
    { id, userId: ANN, folderName: FOLDER, mode: 'full', dryRun: false, trigger: 'pane' },
    h.clock.now(),
  );
  const record = uncertain === undefined ? start : { ...start, uncertain };
  savedAt = Date.parse(h.clock.now());
  const q = `leaseKey=${encodeURIComponent(FOLDER)}&leaseOwner=${id}`;
  expect((await call(h, ANN, 'PUT', `/sync/v1/state/runs/${id}?${q}`, record)).status).toBe(204);
  // One heartbeat after the save (a renewal never cuts the keep short), then the pane goes silent.
  h.clock.advance(LEASE_HEARTBEAT_MS);
  const renew = { key: FOLDER, owner: id, now: h.clock.now(), ttlMs: LEASE_TTL_MS };
  expect((await call(h, ANN, 'POST', '/sync/v1/state/lease/renew', renew)).body).toMatchObject({ ok: true });
  return id;
}

/** Whether the user's next run takes the folder `afterSaveMs` after the pane's save. */
async function nextRunTakes(afterSaveMs: number): Promise<boolean> {
  h.clock.advance(savedAt + afterSaveMs - Date.parse(h.clock.now()));
  const acquire = { key: FOLDER, owner: `next-${n}-${afterSaveMs}`, now: h.clock.now(), ttlMs: LEASE_TTL_MS };
  const got = (await call(h, ANN, 'POST', '/sync/v1/state/lease/acquire', acquire)).body as { ok: boolean };
  return got.ok;
}

// Every write a pane's run announces: each side's creates, updates and deletes (RunRecord.uncertain).
const writes = (['bc', 'outlook'] as const).flatMap((side) =>
  (['created', 'updated', 'deleted'] as const).map((kind) => [`${side} ${kind}`, side, kind] as const),
);

describe('a pane gone silent with writes out keeps its folder until they can no longer land', () => {
  test('the named example: the pane sends an Outlook create and its network drops; the next run waits out the write', async () => {
    await paneRun({ bc: zero(), outlook: { ...zero(), created: 1 } });
    // Past the heartbeat's LEASE_TTL_MS (the old expiry), still kept.
    expect(await nextRunTakes(LEASE_HEARTBEAT_MS + LEASE_TTL_MS + 1)).toBe(false);
    expect(await nextRunTakes(KEEP)).toBe(true);
  });

  test.each(writes)(
    '%s out: kept announcedKeepMs of writeSettleMs past the save that announced it',
    async (_name, side, kind) => {
      await paneRun({ bc: zero(), outlook: zero(), [side]: { ...zero(), [kind]: 2 } });
      expect(await nextRunTakes(KEEP - 1)).toBe(false);
      expect(await nextRunTakes(KEEP)).toBe(true);
    },
  );

  const none: [string, RunRecord['uncertain'] | undefined][] = [
    ['no write out (all answered)', { bc: zero(), outlook: zero() }],
    ['no write yet (reading)', undefined],
  ];
  test.each(none)(
    '%s: a silent pane frees the folder LEASE_TTL_MS after its last heartbeat, as before',
    async (_n, uncertain) => {
      await paneRun(uncertain);
      expect(await nextRunTakes(LEASE_HEARTBEAT_MS + LEASE_TTL_MS)).toBe(true);
    },
  );
});
