import { describe, expect, test } from '@jest/globals';
import { World, person } from '../support/world.js';

// Issue 12 §1 (the kind: no remote call per contact inside a loop over contacts): writes that come
// back stale are re-planned together — one read per side for a group of writes, not one per
// contact — on every write kind that can be stale.

const N = 60;
const CHANGED = 30;
const STALE = { kind: 'stale' as const, message: 'changed meanwhile' };

type Kind = 'outlookUpdate' | 'outlookDelete' | 'bcUpdate';

/** A synced world, the change that makes CHANGED writes of `kind`, and the fault that makes them stale. */
async function scenario(kind: Kind) {
  const w = new World();
  await w.settings({ massDeleteShare: 1 });
  const seeded = Array.from({ length: N }, (_, i) => w.bc.seed(person(i + 1)));
  await w.sync('full');
  w.later();
  const targets = seeded.slice(0, CHANGED);
  if (kind === 'outlookUpdate') for (const c of targets) w.bc.edit(c.id, { city: 'Leeds' });
  if (kind === 'outlookDelete') for (const c of targets) w.bc.remove(c.id);
  if (kind === 'bcUpdate')
    for (const c of targets) {
      const o = (await w.outlookByBcId(c.id))!;
      w.mailbox.userEdit(o.id, { jobTitle: 'Buyer' });
    }

  // Stale from the first write of the kind until the run reads the contacts again.
  let state: 'planning' | 'stale' | 'replanned' = 'planning';
  const reads = { bc: 0, outlook: 0 };
  const staleOnce = (op: string) => {
    const hit =
      kind === 'bcUpdate' ? op === 'update' : op === (kind === 'outlookUpdate' ? 'update' : 'delete');
    if (!hit || state === 'replanned') return null;
    state = 'stale';
    return STALE;
  };
  if (kind === 'bcUpdate') w.bc.fault = (op) => staleOnce(op);
  else w.mailbox.fault = (op) => staleOnce(op);
  const bcGetMany = w.bc.getMany.bind(w.bc);
  w.bc.getMany = async (ids) => {
    if (state !== 'planning') {
      reads.bc++;
      state = 'replanned';
    }
    return bcGetMany(ids);
  };
  const olGetMany = w.mailbox.getMany.bind(w.mailbox);
  w.mailbox.getMany = async (folderId, ids) => {
    if (state !== 'planning') {
      reads.outlook++;
      state = 'replanned';
    }
    return olGetMany(folderId, ids);
  };
  return { w, reads, targets };
}

describe('stale writes are re-planned together (issue 12 §1)', () => {
  test.each<[Kind, number]>([
    // Outlook writes go 20 to a batch, in groups of at most 10 batches: 30 writes are two groups.
    ['outlookUpdate', 2],
    ['outlookDelete', 2],
    // BC writes go up to 100 to a call: one group.
    ['bcUpdate', 1],
  ])('%s: 30 stale writes cost at most %i reads per side, and all land', async (kind, groups) => {
    const { w, reads, targets } = await scenario(kind);
    const { record } = await w.sync('delta');
    expect(record.status).toBe('succeeded');
    expect(reads.bc).toBeGreaterThan(0);
    expect(reads.bc).toBeLessThanOrEqual(groups);
    expect(reads.outlook).toBeLessThanOrEqual(groups);
    for (const c of targets) {
      const o = await w.outlookByBcId(c.id);
      if (kind === 'outlookUpdate') expect(o?.businessAddress.city).toBe('Leeds');
      if (kind === 'outlookDelete') expect(o).toBeUndefined();
      if (kind === 'bcUpdate') expect(w.bc.peek(c.id)?.jobTitle).toBe('Buyer');
    }
  });
});
