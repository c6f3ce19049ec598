import { describe, test, expect } from '@jest/globals';
import type { ConflictPolicy } from '../../src/core/merge.js';
import { resolveConflict } from '../../src/core/resolve.js';
import { deletedInBcConflict } from '../support/deleted-in-bc.js';
import { resolveFailureOf } from '../support/resolve-failure.js';
import type { ResolveChoice } from '../../src/core/resolve.js';
import { World, person } from '../support/world.js';

async function conflicted(policy: ConflictPolicy = 'manual') {
  const w = new World();
  await w.settings({ conflictPolicy: policy, massDeleteShare: 1 });
  const a = w.bc.seed(person(1));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  w.mailbox.userEdit(o.id, { jobTitle: 'OL title', businessAddress: { ...o.businessAddress, city: 'Oslo' } });
  w.bc.edit(a.id, { jobTitle: 'BC title', city: 'Bergen' });
  await w.sync('full');
  const scope = await w.scope();
  expect(await w.store.listConflicts(scope)).toHaveLength(1);
  const resolve = (choice: ResolveChoice, bcId = a.id) =>
    resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, bcId, choice);
  return { w, a, o, scope, resolve };
}

const failure = resolveFailureOf;

describe('resolveConflict — field conflicts', () => {
  test('whole contact, side outlook: both sides take Outlook values; base and conflict follow; next run is quiet', async () => {
    const { w, a, o, scope, resolve } = await conflicted();
    const r = await resolve({ kind: 'all', side: 'outlook' });
    expect(r).toMatchObject({ kind: 'merged', remaining: [], written: { bc: true, outlook: false } });
    expect(w.bc.peek(a.id)).toMatchObject({ jobTitle: 'OL title', city: 'Oslo' });
    expect(w.mailbox.peek(o.id)).toMatchObject({ jobTitle: 'OL title' });
    const [link] = await w.store.listLinks(scope);
    expect(link?.base).toMatchObject({ jobTitle: 'OL title', city: 'Oslo' });
    expect(link?.bcEtag).toBe(w.bc.peek(a.id)?.etag);
    expect(await w.store.listConflicts(scope)).toEqual([]);
    const next = await w.sync('full');
    expect(next.record.counts).toEqual({
      bc: { created: 0, updated: 0, deleted: 0 },
      outlook: { created: 0, updated: 0, deleted: 0 },
    });
    expect(next.record.conflicts).toBe(0);
  });

  test('whole contact, side bc: Outlook takes BC values', async () => {
    const { w, a, o, resolve } = await conflicted();
    await resolve({ kind: 'all', side: 'bc' });
    expect(w.bc.peek(a.id)).toMatchObject({ jobTitle: 'BC title', city: 'Bergen' });
    expect(w.mailbox.peek(o.id)).toMatchObject({ jobTitle: 'BC title' });
    expect(w.mailbox.peek(o.id)?.businessAddress.city).toBe('Bergen');
  });

  test('field by field: the chosen fields are written, the rest stays in conflict', async () => {
    const { w, a, o, scope, resolve } = await conflicted();
    const r = await resolve({ kind: 'fields', fields: { jobTitle: 'outlook' } });
    expect(r.kind === 'merged' && r.remaining.map((f) => [f.field, f.bc, f.outlook])).toEqual([
      ['city', 'Bergen', 'Oslo'],
    ]);
    expect([w.bc.peek(a.id)?.jobTitle, w.mailbox.peek(o.id)?.jobTitle]).toEqual(['OL title', 'OL title']);
    expect([w.bc.peek(a.id)?.city, w.mailbox.peek(o.id)?.businessAddress.city]).toEqual(['Bergen', 'Oslo']);
    const [left] = await w.store.listConflicts(scope);
    expect(left?.record.fields.map((f) => f.field)).toEqual(['city']);
    await resolve({ kind: 'fields', fields: { city: 'bc' } });
    expect(w.mailbox.peek(o.id)?.businessAddress.city).toBe('Bergen');
    expect(await w.store.listConflicts(scope)).toEqual([]);
  });

  test('non-conflicting fields merge as a sync would (an Outlook-only change reaches BC)', async () => {
    const { w, a, o, resolve } = await conflicted();
    w.mailbox.userEdit(o.id, { mobilePhone: '+358 40 1' });
    w.bc.edit(a.id, { website: 'https://bc.example' });
    // Made since the conflict was shown: named on the record first (attack F2), then written.
    await expect(resolve({ kind: 'all', side: 'bc' })).rejects.toMatchObject({
      failure: { kind: 'changedSinceShown', fields: ['mobilePhoneNumber', 'website'] },
    });
    await resolve({ kind: 'all', side: 'bc' });
    expect(w.bc.peek(a.id)?.mobilePhoneNumber).toBe('+358 40 1');
    expect(w.mailbox.peek(o.id)?.businessHomePage).toBe('https://bc.example');
  });

  test('a conflict the policy decided can still be turned: the losing value comes from the record', async () => {
    const { w, a, o, resolve } = await conflicted('bcWins');
    expect(w.mailbox.peek(o.id)?.jobTitle).toBe('BC title');
    await resolve({ kind: 'fields', fields: { jobTitle: 'outlook', city: 'bc' } });
    expect([w.bc.peek(a.id)?.jobTitle, w.mailbox.peek(o.id)?.jobTitle]).toEqual(['OL title', 'OL title']);
    expect(w.bc.peek(a.id)?.city).toBe('Bergen');
  });

  test('a value too long for BC is refused with a typed error and nothing is written', async () => {
    const { w, a, o, scope, resolve } = await conflicted();
    w.mailbox.userEdit(o.id, { jobTitle: 'x'.repeat(40) });
    // The conflict shows the long value before the user chooses it (F71: an unseen value is refused).
    await w.sync('full');
    const before = w.bc.peek(a.id);
    const f = await failure(resolve({ kind: 'all', side: 'outlook' }));
    expect(f).toMatchObject({
      kind: 'invalidForBc',
      reasons: [{ kind: 'tooLong', field: 'jobTitle', max: 30 }],
    });
    expect(w.bc.peek(a.id)).toEqual(before);
    expect(await w.store.listConflicts(scope)).toHaveLength(1);
  });

  test('a stale write re-reads and retries once; stale twice is a typed error', async () => {
    const { w, a, resolve } = await conflicted();
    let stale = 1;
    w.bc.fault = (op) => (op === 'update' && stale-- > 0 ? { kind: 'stale', message: 'moved' } : null);
    await resolve({ kind: 'fields', fields: { jobTitle: 'outlook' } });
    expect(w.bc.peek(a.id)?.jobTitle).toBe('OL title');
    w.bc.fault = (op) => (op === 'update' ? { kind: 'stale', message: 'moved' } : null);
    expect(await failure(resolve({ kind: 'fields', fields: { city: 'outlook' } }))).toEqual({
      kind: 'stale',
      side: 'bc',
    });
  });

  test('unknown conflict, unknown field, and a write failure are typed errors', async () => {
    const { w, resolve } = await conflicted();
    expect(await failure(resolve({ kind: 'all', side: 'bc' }, 'nope'))).toEqual({
      kind: 'conflictNotFound',
      bcId: 'nope',
    });
    expect(await failure(resolve({ kind: 'fields', fields: { surname: 'bc' } }))).toMatchObject({
      kind: 'invalidChoice',
    });
    w.mailbox.fault = () => ({ kind: 'unavailable', message: 'down' });
    expect(await failure(resolve({ kind: 'all', side: 'bc' }))).toMatchObject({
      kind: 'writeFailed',
      side: 'outlook',
    });
  });
});

describe('resolveConflict — deleted in BC', () => {
  const deleted = () => deletedInBcConflict('Precious note');

  test('side bc accepts the deletion: the Outlook copy goes, the link and the conflict too', async () => {
    const { w, o, scope, resolve } = await deleted();
    expect(await resolve({ kind: 'all', side: 'bc' })).toMatchObject({ kind: 'deletionAccepted' });
    expect(w.mailbox.peek(o.id)).toBeUndefined();
    expect((await w.store.listLinks(scope)).map((l) => l.outlookId)).not.toContain(o.id);
    expect(await w.store.listConflicts(scope)).toEqual([]);
  });

  test('side outlook keeps it: a new BC Person from the Outlook values, re-linked and stamped', async () => {
    const { w, a, o, scope, resolve } = await deleted();
    const r = await resolve({ kind: 'all', side: 'outlook' });
    if (r.kind !== 'recreatedInBc') throw new Error(r.kind);
    expect(r.bcId).not.toBe(a.id);
    expect(w.bc.peek(r.bcId)).toMatchObject({
      type: 'Person',
      jobTitle: 'Precious note',
      email: 'person1@contoso.com',
    });
    expect(w.mailbox.peek(o.id)?.bcId).toBe(r.bcId);
    expect((await w.store.listLinks(scope)).find((l) => l.outlookId === o.id)?.bcId).toBe(r.bcId);
    expect(await w.store.listConflicts(scope)).toEqual([]);
    const next = await w.sync('full');
    expect(next.record.counts.outlook).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(next.record.counts.bc).toEqual({ created: 0, updated: 0, deleted: 0 });
  });

  test('a field-by-field choice is refused for a deleted contact', async () => {
    const { resolve } = await deleted();
    expect(await failure(resolve({ kind: 'fields', fields: { jobTitle: 'outlook' } }))).toMatchObject({
      kind: 'invalidChoice',
    });
  });
});
