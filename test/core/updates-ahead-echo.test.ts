/**
 * Attack 2026-12-07, fault 1 (core side): the Outlook updates counted ahead of a delta's writes
 * (updates-ahead.ts) are those of the linked contacts whose BC values moved from their link's base,
 * not every contact BC reports changed — BC's delta reports the runs' own writes again (echoes).
 * The hosts' table over every port call a process can die at: test/server/updates-ahead-echo.
 */
import { describe, expect, test } from '@jest/globals';
import { makeLink } from '../../src/core/link.js';
import type { Link } from '../../src/core/link.js';
import type { BcContact } from '../../src/core/model.js';
import { silentLogger } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { updatesAheadOf } from '../../src/core/updates-ahead.js';
import { notingSaves } from '../support/noting-saves.js';
import { USER, World, deltaReady, person } from '../support/world.js';

describe('updatesAheadOf: a BC change counts ahead only when it moved from the link base', () => {
  const w = new World();
  const bc = w.bc.seed(person(1, { email: 'Anna.Berg@contoso.com', city: 'Lund' }));
  const link: Link = makeLink(
    { bcId: bc.id, outlookId: 'ol-1' },
    bc,
    { bcEtag: bc.etag, outlookChangeKey: 'k' },
    undefined,
  );
  const rows: [string, BcContact, Link | undefined, string[]][] = [
    ['our own write read again (same etag, same values)', bc, link, []],
    [
      'a new etag, no synced value changed (an echo after a stamp, a field we do not sync)',
      { ...bc, etag: 'W/"x"' },
      link,
      [],
    ],
    [
      'only the e-mail address case changed (rule values.sameText)',
      { ...bc, etag: 'W/"y"', email: 'anna.berg@CONTOSO.com' },
      link,
      [],
    ],
    ['a synced value changed', { ...bc, etag: 'W/"z"', city: 'Malmö' }, link, ['ol-1']],
    ['not linked (a create, not an update)', { ...bc, city: 'Malmö' }, undefined, []],
  ];
  test.each(rows)('%s', (_name, changed, linked, ahead) => {
    expect(updatesAheadOf([changed], (id) => (id === linked?.bcId ? linked : undefined))).toEqual(ahead);
  });
});

describe('a delta whose BC changes are its own echoes counts nothing ahead (memory store)', () => {
  test.each([
    ['echoes only', 0],
    ['echoes beside 2 BC edits', 2],
  ])('%s: no saved record counts more Outlook updates than the plan sends', async (_name, edits) => {
    const { w, ids } = await deltaReady(20);
    // Outlook edits of 5 contacts: the delta writes them to BC after its read, and BC's next delta
    // reports them again (the run's own echoes).
    for (const o of (await w.outlook()).slice(0, 5))
      w.mailbox.userEdit(o.id, { jobTitle: 'Edited in Outlook' });
    expect((await w.sync('delta')).record.counts.bc.updated).toBe(5);
    w.later();
    for (const id of ids.slice(10, 10 + edits)) w.bc.edit(id, { jobTitle: 'Edited in BC' });
    let most = 0;
    const store = notingSaves(w.store, (r: RunRecord) => {
      most = Math.max(most, r.uncertain?.outlook.updated ?? 0);
    });
    w.clock.advance(60_000);
    const { record } = await runSync(
      { bc: w.bc, mailbox: w.mailbox, store, clock: w.clock, logger: silentLogger },
      { runId: `echo-${edits}`, userId: USER, mode: 'delta', dryRun: false, trigger: 'pane' },
    );
    expect(record.status).toBe('succeeded');
    expect(record.counts.outlook.updated).toBe(edits);
    expect(most).toBe(edits);
  });
});
