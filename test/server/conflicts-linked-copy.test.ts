/**
 * GET /sync/v1/conflicts names each conflict on the Outlook copy its pair's link holds now, by the
 * one rule resolving uses (core/conflict-copy.ts onLinkedCopy, review RV13): a conflict recorded on
 * a copy since deleted and re-created (a run stopped before its lists were saved) is listed on the
 * new copy, so the pane's choice reaches a contact that exists. Until this test no server test held
 * the route to the rule: the route could stop using it and every test still passed.
 */
import { describe, expect, test } from '@jest/globals';
import type { ConflictPolicy } from '../../src/core/merge.js';
import { onLinkedCopy } from '../../src/core/conflict-copy.js';
import { person } from '../support/world.js';
import { call, outlookIn, putManualFolder, runToEnd, userOf, useSyncHarness } from './sync-harness.js';

const h = useSyncHarness();

/** A field conflict kept by `policy` (open under manual, settled otherwise) on user `n`'s folder. */
async function conflictOn(n: number, policy: ConflictPolicy) {
  const user = userOf(`linked-copy-${n}@contoso.com`);
  const folder = `Copies ${n}`;
  await putManualFolder(h, user, folder, 'Turku');
  const put = await call(h, user, 'PUT', '/sync/v1/settings', {
    ...(await call(h, user, 'GET', '/sync/v1/settings')).body,
    conflictPolicy: policy,
  });
  expect(put.status).toBe(200);
  const bcId = h.bc.seed(person(n, { city: 'Turku' })).id;
  expect((await runToEnd(h, user, { mode: 'full' })).status).toBe('succeeded');
  const ol = outlookIn(h, user, folder).find((c) => c.bcId === bcId)!;
  h.bc.edit(bcId, { jobTitle: `bc ${n}` });
  h.mailbox(user).userEdit(ol.id, { jobTitle: `ol ${n}` });
  expect((await runToEnd(h, user, { mode: 'delta' })).status).toBe('succeeded');
  const scope = { userId: user, folderId: h.mailbox(user).folderByName(folder)!.id };
  return { user, bcId, linked: ol.id, scope };
}

/** The conflict's stored record moved onto `outlookId`, the link left on its copy. */
async function recordedOn(scope: { userId: string; folderId: string }, bcId: string, outlookId: string) {
  const [entry] = await h.store.listConflicts(scope);
  expect(entry?.bcId).toBe(bcId);
  await h.store.putConflicts(scope, [{ ...entry!, outlookId }], []);
  return (await h.store.listConflicts(scope))[0]!;
}

const ROWS: [policy: ConflictPolicy, status: 'open' | 'settled'][] = [
  ['manual', 'open'],
  ['bcWins', 'settled'],
  ['outlookWins', 'settled'],
];

describe('GET /sync/v1/conflicts names the copy the link holds (onLinkedCopy)', () => {
  test.each(ROWS.map((r, i) => [...r, i + 1] as const))(
    'a %s conflict (%s) recorded on a deleted copy is listed on the linked one',
    async (policy, status, n) => {
      const { user, bcId, linked, scope } = await conflictOn(n, policy);
      const stored = await recordedOn(scope, bcId, `deleted-copy-${n}`);
      const [link] = await h.store.findLinks(scope, { bcIds: [bcId], outlookIds: [] });
      const listed = (await call(h, user, 'GET', '/sync/v1/conflicts')).body.conflicts;
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ bcId, status, outlookId: onLinkedCopy(stored, link).outlookId });
      expect(listed[0].outlookId).toBe(linked);
    },
  );

  test('a conflict on its linked copy is listed as recorded', async () => {
    const { user, bcId, linked } = await conflictOn(9, 'manual');
    const listed = (await call(h, user, 'GET', '/sync/v1/conflicts')).body.conflicts;
    expect(listed.map((c: { bcId: string; outlookId: string }) => [c.bcId, c.outlookId])).toEqual([
      [bcId, linked],
    ]);
  });
});
