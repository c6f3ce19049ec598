import { beforeAll, describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { person } from '../support/world.js';
import { call, outlookIn, putManualFolder, runToEnd, userOf, useSyncHarness } from './sync-harness.js';

// Review R1 (fixed here): a conflict choice (resolve, dismiss) holds the lease of the folder the SETTINGS name
// (conflicts.ts underFolderLease: leaseKeyOf(settings.folderName)), but acts on the state of the
// folder the newest run used (svc.scope: "a folder change not yet moved by a run: the state,
// conflicts included, is still the old folder's, and stays listed and resolvable there"). After
// the user renames the folder in settings while a run of the old name still goes (the schedule's,
// another window's), the choice takes the new name's free lease and writes BC, Outlook and the
// old folder's state beside that run, which the choice's lease is meant to exclude ("never while
// a run, here or in another process, holds the folder").

const h = useSyncHarness();

describe('a conflict choice while a run of the state folder goes, after a folder rename in settings (R1)', () => {
  const user = userOf('moved-choice@contoso.com');
  let bcId = '';

  beforeAll(async () => {
    await putManualFolder(h, user, 'Old', 'Oulu');
    bcId = h.bc.seed(person(1, { city: 'Oulu' })).id;
    expect((await runToEnd(h, user, { mode: 'full' })).status).toBe('succeeded');
    const copy = outlookIn(h, user, 'Old').find((c) => c.bcId === bcId)!;
    h.mailbox(user).userEdit(copy.id, { jobTitle: 'OL' });
    h.bc.edit(bcId, { jobTitle: 'BC' });
    expect((await runToEnd(h, user, { mode: 'full' })).conflicts).toBe(1);
  });

  test('control: with the settings unchanged, a run holding the folder refuses the resolve (409)', async () => {
    const key = `${user}|old`;
    expect((await h.store.acquireLease(key, 'a-run', h.clock.now(), 60_000)).ok).toBe(true);
    try {
      const r = await call(h, user, 'POST', `/sync/v1/conflicts/${bcId}/resolve`, { side: 'bc' });
      expect(r.status).toBe(409);
    } finally {
      await h.store.releaseLease(key, 'a-run');
    }
  });

  test('R1: renamed in settings, a run still holding the old folder refuses the resolve too (409)', async () => {
    const key = `${user}|old`;
    expect((await h.store.acquireLease(key, 'a-run', h.clock.now(), 60_000)).ok).toBe(true);
    try {
      const moved = {
        ...DEFAULT_SETTINGS,
        folderName: 'New',
        filter: { city: 'Oulu' },
        conflictPolicy: 'manual',
      };
      expect((await call(h, user, 'PUT', '/sync/v1/settings', moved)).status).toBe(200);
      // The conflict is still listed: the state is the old folder's until a run moves it.
      const listed = await call(h, user, 'GET', '/sync/v1/conflicts');
      expect(listed.body.conflicts.map((c: { bcId: string }) => c.bcId)).toEqual([bcId]);
      const jobTitleBefore = outlookIn(h, user, 'Old').find((c) => c.bcId === bcId)?.jobTitle;
      const r = await call(h, user, 'POST', `/sync/v1/conflicts/${bcId}/resolve`, { side: 'bc' });
      expect(r.status).toBe(409);
      // Nothing was written beside the run.
      expect(outlookIn(h, user, 'Old').find((c) => c.bcId === bcId)?.jobTitle).toBe(jobTitleBefore);
    } finally {
      await h.store.releaseLease(key, 'a-run');
    }
  });

  // The kind: a choice holds every folder lease a run acting on the choice's state may hold: the
  // settings' folder's and, while a move is due, the state's (old) folder's. Each row: the choice,
  // the lease a run holds, and whether the settings name another folder than the state's.
  const rows: {
    action: 'resolve' | 'dismiss';
    runHolds: 'old' | 'new' | 'none';
    renamed: boolean;
    status: number;
  }[] = [];
  for (const action of ['resolve', 'dismiss'] as const)
    for (const renamed of [false, true])
      for (const runHolds of ['old', 'new', 'none'] as const)
        rows.push({
          action,
          runHolds,
          renamed,
          // Unrenamed, "new" is the folder's one name: no run holds a key apart from "old".
          status: runHolds === 'none' || (!renamed && runHolds === 'new') ? 0 : 409,
        });

  test.each(rows)(
    '$action, renamed $renamed, a run holding $runHolds: $status (0: the choice’s own answer)',
    async (row) => {
      const settings = (folderName: string) => ({
        ...DEFAULT_SETTINGS,
        folderName,
        filter: { city: 'Oulu' },
        conflictPolicy: 'manual',
      });
      expect(
        (await call(h, user, 'PUT', '/sync/v1/settings', settings(row.renamed ? 'New' : 'Old'))).status,
      ).toBe(200);
      const key = row.runHolds === 'none' ? null : `${user}|${row.runHolds}`;
      if (key !== null)
        expect((await h.store.acquireLease(key, 'a-run', h.clock.now(), 60_000)).ok).toBe(true);
      try {
        // An unknown field: refused by the choice itself (422/404) once it holds its leases, so the
        // conflict stays for the next row; only a lease refusal answers 409.
        const path =
          row.action === 'resolve'
            ? `/sync/v1/conflicts/${bcId}/resolve`
            : `/sync/v1/conflicts/${bcId}/dismiss`;
        const body = row.action === 'resolve' ? { fields: { city: 'bc' } } : { fields: ['city'] };
        const r = await call(h, user, 'POST', path, body);
        if (row.status === 409) expect(r.status).toBe(409);
        else expect([r.status, r.body.error?.code]).toEqual([400, 'InvalidChoice']);
        expect((await call(h, user, 'GET', '/sync/v1/conflicts')).body.conflicts).toHaveLength(1);
      } finally {
        if (key !== null) await h.store.releaseLease(key, 'a-run');
        await call(h, user, 'PUT', '/sync/v1/settings', settings('Old'));
      }
    },
  );

  test('once that run let go, the resolve goes, under both names, and leaves neither held', async () => {
    const r = await call(h, user, 'POST', `/sync/v1/conflicts/${bcId}/resolve`, { side: 'bc' });
    expect(r.status).toBe(200);
    expect(outlookIn(h, user, 'Old').find((c) => c.bcId === bcId)?.jobTitle).toBe('BC');
    for (const key of [`${user}|old`, `${user}|new`])
      expect((await h.store.acquireLease(key, 'next-run', h.clock.now(), 1000)).ok).toBe(true);
  });
});
