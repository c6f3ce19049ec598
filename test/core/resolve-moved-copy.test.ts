/**
 * Review RV13: a conflict names the Outlook copy it was found on (`outlookId`). When that copy is
 * deleted in Outlook and re-created (rule deletions.recreate) by a run that stops after its writes
 * and before its lists (cancelled: seen live; the plan's conflicts are stored before the writes,
 * F42), the link names the new copy but the settled conflict kept (with its losing value) still
 * names the deleted one, and delta runs carry it unchanged (only a full run rewrites it). The
 * pane's revert answered 409 ContactMissing "run a sync first" through every delta sync. The
 * resolve now reads, and records, the copy the pair's link names.
 */
import { describe, expect, test } from '@jest/globals';
import type { ConflictPolicy } from '../../src/core/merge.js';
import { onLinkedCopy } from '../../src/core/conflict-copy.js';
import { resolveConflict } from '../../src/core/resolve.js';
import type { ResolveChoice } from '../../src/core/resolve.js';
import { World, person } from '../support/world.js';

/**
 * A field conflict settled by `policy`; its Outlook copy deleted and re-created by a `mode` run,
 * the conflict left as a run stopped after that write leaves it (naming the deleted copy).
 */
async function movedCopy(policy: ConflictPolicy, mode: 'delta' | 'full') {
  const w = new World();
  await w.settings({ conflictPolicy: policy, massDeleteShare: 1 });
  const a = w.bc.seed(person(1));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  w.mailbox.userEdit(o.id, { jobTitle: 'OL title' });
  w.bc.edit(a.id, { jobTitle: 'BC title' });
  await w.sync('full');
  const scope = await w.scope();
  const [entry] = await w.store.listConflicts(scope);
  expect(entry?.outlookId).toBe(o.id);
  w.mailbox.userDelete(o.id);
  await w.sync(mode);
  await w.store.putConflicts(scope, [entry!], []);
  // A delta after it carries the conflict as it is.
  await w.sync('delta');
  expect((await w.store.listConflicts(scope)).map((c) => c.outlookId)).toEqual([o.id]);
  const copy = (await w.outlookByBcId(a.id))!;
  expect(copy.id).not.toBe(o.id);
  const resolve = (choice: ResolveChoice) =>
    resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, choice);
  return { w, a, copy, scope, resolve };
}

const ROWS: [policy: ConflictPolicy, mode: 'delta' | 'full', side: 'bc' | 'outlook'][] = [
  ['bcWins', 'delta', 'outlook'],
  ['bcWins', 'delta', 'bc'],
  ['bcWins', 'full', 'outlook'],
  ['outlookWins', 'delta', 'bc'],
  ['outlookWins', 'full', 'outlook'],
];

describe('a settled conflict naming a deleted copy is resolved on the copy its link names', () => {
  test.each(ROWS)('%s, re-created by a %s run, resolved to %s', async (policy, mode, side) => {
    const { w, a, copy, scope, resolve } = await movedCopy(policy, mode);
    const r = await resolve({ kind: 'all', side });
    expect(r.kind).toBe('merged');
    const value = side === 'bc' ? 'BC title' : 'OL title';
    expect([w.bc.peek(a.id)?.jobTitle, w.mailbox.peek(copy.id)?.jobTitle]).toEqual([value, value]);
    expect(await w.store.listConflicts(scope)).toEqual([]);
    const next = await w.sync('full');
    expect(next.record.conflicts).toBe(0);
    expect(next.record.counts.outlook).toEqual({ created: 0, updated: 0, deleted: 0 });
  });

  test('the named example: bcWins settled, the copy re-created, the revert to Outlook is written to both sides', async () => {
    const { w, a, copy, resolve } = await movedCopy('bcWins', 'delta');
    await resolve({ kind: 'all', side: 'outlook' });
    expect([w.bc.peek(a.id)?.jobTitle, w.mailbox.peek(copy.id)?.jobTitle]).toEqual(['OL title', 'OL title']);
  });

  test('the listing names the copy its link names too (GET /sync/v1/conflicts maps each so, onLinkedCopy)', async () => {
    const { w, a, copy, scope } = await movedCopy('bcWins', 'delta');
    const [recorded] = (await w.store.pageConflicts(scope, { limit: 10 })).items;
    const [link] = await w.store.findLinks(scope, { bcIds: [a.id], outlookIds: [] });
    expect(recorded?.outlookId).not.toBe(copy.id);
    expect(onLinkedCopy(recorded!, link).outlookId).toBe(copy.id);
  });
});
