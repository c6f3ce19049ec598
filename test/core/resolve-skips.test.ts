import { describe, expect, test } from '@jest/globals';
import { resolveConflict } from '../../src/core/resolve.js';
import type { ResolveChoice } from '../../src/core/resolve.js';
import { World, deletablePerson, person } from '../support/world.js';

// A skip record describes a pair as last read; a resolve reads and writes the pair, so its skip
// records go with it (resolve.ts dropSkips). The next delta does not read the pair again — its
// writes are echoes — so a skip the resolve left stood until a full sync, and held a folder move.

async function skippedKeys(w: World): Promise<string[]> {
  return (await w.store.listSkipped(await w.scope())).map((s) => `${s.key} ${s.record.reason.kind}`);
}

const THREE_LINES = 'L1\nL2\nL3';
const TWO_LINES = 'L1\r\nL2';

/**
 * Person 1 conflicted under `manual` (both sides set `jobTitle` and `city`, or BC deleted it after a
 * run) while Outlook also took a 3-line street (skipped, streetLines); then the street fixed to 2 lines.
 */
async function conflictWithStreetSkip(kind: 'fields' | 'deletedInBc') {
  const { w, a, o } = await deletablePerson({}, { conflictPolicy: 'manual' });
  w.later();
  const address = o.businessAddress;
  w.mailbox.userEdit(o.id, {
    jobTitle: 'OL title',
    businessAddress: { ...address, city: 'Oslo', street: THREE_LINES },
  });
  const scope = await w.scope();
  if (kind === 'deletedInBc') {
    // Skipped first. The deletion's run reads the Outlook side again and drops the skip; the record
    // is put back as a store holding one from before (the resolve must not depend on a run for it).
    await w.sync('delta');
    const held = await w.store.listSkipped(scope);
    w.later();
    w.mailbox.userEdit(o.id, { businessAddress: { ...address, city: 'Oslo', street: TWO_LINES } });
    w.bc.remove(a.id);
    await w.sync('delta');
    await w.store.putSkipped(scope, held, { replace: false });
  } else {
    w.bc.edit(a.id, { jobTitle: 'BC title', city: 'Bergen' });
    await w.sync('delta');
    w.later();
    w.mailbox.userEdit(o.id, { businessAddress: { ...address, city: 'Oslo', street: TWO_LINES } });
  }
  expect((await w.store.listConflicts(scope)).map((c) => [c.bcId, c.record.kind])).toEqual([[a.id, kind]]);
  expect(await skippedKeys(w)).toEqual([`outlook:${o.id} streetLines`]);
  const resolve = (choice: ResolveChoice) =>
    resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, choice);
  return { w, a, o, scope, resolve };
}

/** Every way a resolve writes a pair (resolve.ts: resolveFields, resolveDeletion both sides). */
type Path = { name: string; kind: 'fields' | 'deletedInBc'; choice: ResolveChoice; result: string };
const path = (name: string, kind: Path['kind'], choice: ResolveChoice, result: string): Path => ({
  name,
  kind,
  choice,
  result,
});
const PATHS: readonly Path[] = [
  path('fields, whole contact for BC', 'fields', { kind: 'all', side: 'bc' }, 'merged'),
  path('fields, whole contact for Outlook', 'fields', { kind: 'all', side: 'outlook' }, 'merged'),
  path(
    'fields, one field decided (city stays in conflict)',
    'fields',
    { kind: 'fields', fields: { jobTitle: 'bc' } },
    'merged',
  ),
  path('deleted in BC, deletion accepted', 'deletedInBc', { kind: 'all', side: 'bc' }, 'deletionAccepted'),
  path(
    'deleted in BC, re-created from Outlook',
    'deletedInBc',
    { kind: 'all', side: 'outlook' },
    'recreatedInBc',
  ),
];

describe('a resolve drops the skip records of the pair it wrote', () => {
  test('example: street fixed to 2 lines in Outlook, job title conflict resolved for BC; the next delta lists no streetLines skip', async () => {
    const w = new World();
    await w.settings({ conflictPolicy: 'manual' });
    const a = w.bc.seed(person(1));
    await w.sync('full');
    const o = (await w.outlookByBcId(a.id))!;
    w.later();
    w.bc.edit(a.id, { jobTitle: 'BC title' });
    const address = o.businessAddress;
    w.mailbox.userEdit(o.id, { jobTitle: 'OL title', businessAddress: { ...address, street: THREE_LINES } });
    await w.sync('delta');
    const scope = await w.scope();
    expect((await w.store.listConflicts(scope)).map((c) => c.bcId)).toEqual([a.id]);
    expect(await skippedKeys(w)).toEqual([`outlook:${o.id} streetLines`]);
    w.later();
    w.mailbox.userEdit(o.id, { businessAddress: { ...address, street: TWO_LINES } });
    const resolve = () =>
      resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, {
        kind: 'all',
        side: 'bc',
      });
    // The street fixed since the conflict was shown is named on the record first (attack F2).
    await expect(resolve()).rejects.toMatchObject({ failure: { kind: 'changedSinceShown' } });
    const r = await resolve();
    expect(r).toMatchObject({ kind: 'merged', remaining: [] });
    expect(w.bc.peek(a.id)).toMatchObject({ jobTitle: 'BC title', addressLine1: 'L1', addressLine2: 'L2' });
    w.later();
    expect((await w.sync('delta')).record.status).toBe('succeeded');
    expect(await w.store.listConflicts(scope)).toEqual([]);
    expect(await skippedKeys(w)).toEqual([]);
  });

  test.each(PATHS.map((p) => [p.name, p] as const))(
    '%s: the skip goes at the resolve, and a delta then lists what a full sync lists',
    async (_name, path) => {
      const { w, resolve } = await conflictWithStreetSkip(path.kind);
      // A field record's choice names the street fixed since it was shown first (attack F2).
      if (path.kind === 'fields')
        await expect(resolve(path.choice)).rejects.toMatchObject({ failure: { kind: 'changedSinceShown' } });
      expect((await resolve(path.choice)).kind).toBe(path.result);
      expect(await skippedKeys(w)).toEqual([]);
      w.later();
      expect((await w.sync('delta')).record.status).toBe('succeeded');
      const afterDelta = await skippedKeys(w);
      w.later();
      expect((await w.sync('full')).record.status).toBe('succeeded');
      expect(afterDelta).toEqual(await skippedKeys(w));
      expect(afterDelta).toEqual([]);
    },
  );
});
