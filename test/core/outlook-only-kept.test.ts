import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { OUTLOOK_ONLY_PROPERTIES } from '../../src/core/outlook-only.js';
import type { OutlookOnlyProperty } from '../../src/core/outlook-only.js';
import { resolveConflict } from '../../src/core/resolve.js';
import { World, deletablePerson, person } from '../support/world.js';

// F54 (issue 8 "Nothing lost"): an Outlook copy that holds values BC has no field for is never
// removed by the sync because its BC contact was deleted or left scope; it is held as a conflict
// naming what it holds (rule deletions.keepOutlookOnly), until the user decides.

type Cause = 'bcDeleted' | 'outOfScope';
const MODES = ['delta', 'full'] as const;

/** One synced BC person whose Outlook copy the user gave a value BC has no field for, then BC lets go. */
async function keptCopy(property: OutlookOnlyProperty, cause: Cause, mode: 'delta' | 'full') {
  const { w, a, o } = await deletablePerson();
  w.mailbox.userSetOutlookOnly(o.id, property);
  await w.sync(mode);
  if (cause === 'bcDeleted') w.bc.remove(a.id);
  else w.bc.edit(a.id, { privacyBlocked: true });
  const outcome = await w.sync(mode);
  return { w, a, o, outcome };
}

describe('F54: an Outlook copy holding values BC has no field for is never removed by a BC delete', () => {
  test('example: a BC delete keeps the Outlook copy whose only change is a personal note, as a conflict', async () => {
    const { w, a, o, outcome } = await keptCopy('personalNotes', 'bcDeleted', 'delta');
    expect(outcome.record.status).toBe('succeeded');
    expect(outcome.record.counts.outlook.deleted).toBe(0);
    expect(w.mailbox.peek(o.id)?.outlookOnly).toEqual(['personalNotes']);
    const [conflict] = await w.store.listConflicts(await w.scope());
    expect(conflict).toMatchObject({
      bcId: a.id,
      outlookId: o.id,
      record: {
        kind: 'deletedInBc',
        reason: { kind: 'bcDeleted' },
        fields: [],
        outlookOnly: { properties: ['personalNotes'], emails: [], phones: [] },
      },
    });
    // The next runs keep it as it is; nothing is removed until the user decides.
    await w.sync('full');
    await w.sync('delta');
    expect(w.mailbox.peek(o.id)?.outlookOnly).toEqual(['personalNotes']);
    expect(await w.store.listConflicts(await w.scope())).toHaveLength(1);
  });

  const table = OUTLOOK_ONLY_PROPERTIES.flatMap((property) =>
    (['bcDeleted', 'outOfScope'] as const).flatMap((cause) =>
      MODES.map((mode) => ({ property, cause, mode })),
    ),
  );
  test.each(table)(
    '$property × $cause × $mode sync: the copy stays, the conflict names $property',
    async (c) => {
      const { w, o, outcome } = await keptCopy(c.property, c.cause, c.mode);
      expect(outcome.record.counts.outlook.deleted).toBe(0);
      expect(w.mailbox.peek(o.id)?.outlookOnly).toEqual([c.property]);
      const [conflict] = await w.store.listConflicts(await w.scope());
      expect(conflict?.record).toMatchObject({
        kind: 'deletedInBc',
        reason: { kind: c.cause },
        outlookOnly: { properties: [c.property], emails: [], phones: [] },
      });
    },
  );

  test.each(MODES.map((m) => [m]))(
    "Outlook's own second business phone and third e-mail keep the copy too (%s sync)",
    async (mode) => {
      const { w, a, o } = await deletablePerson({ email2: 'p1@home.example', phoneNumber: '+44 20 1' });
      w.mailbox.userEdit(o.id, {
        emailAddresses: [...o.emailAddresses, { address: 'mine@own.example', name: 'Mine' }],
        businessPhones: [...o.businessPhones, '+44 20 2'],
      });
      await w.sync(mode);
      expect(w.bc.peek(a.id)).toMatchObject({ email2: 'p1@home.example', phoneNumber: '+44 20 1' });
      w.bc.remove(a.id);
      await w.sync(mode);
      expect(w.mailbox.peek(o.id)?.businessPhones).toEqual(['+44 20 1', '+44 20 2']);
      const [conflict] = await w.store.listConflicts(await w.scope());
      expect(conflict?.record).toMatchObject({
        kind: 'deletedInBc',
        outlookOnly: { properties: [], emails: ['mine@own.example'], phones: ['+44 20 2'] },
      });
    },
  );

  test('a copy holding nothing BC lacks is still removed (the rule keeps only what would be lost)', async () => {
    const { w, a, o } = await deletablePerson();
    w.mailbox.userSetOutlookOnly(o.id, 'birthday');
    w.mailbox.userSetOutlookOnly(o.id, 'birthday', false);
    w.bc.remove(a.id);
    const { record } = await w.sync('delta');
    expect(record.counts.outlook.deleted).toBe(1);
    expect(w.mailbox.peek(o.id)).toBeUndefined();
    expect(await w.store.listConflicts(await w.scope())).toEqual([]);
  });

  test('the user decides: accepting the deletion removes the copy; keeping Outlook makes a new BC person', async () => {
    for (const side of ['bc', 'outlook'] as const) {
      const { w, a, o } = await keptCopy('birthday', 'bcDeleted', 'full');
      const scope = await w.scope();
      const result = await resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, a.id, {
        kind: 'all',
        side,
      });
      if (side === 'bc') {
        expect(result.kind).toBe('deletionAccepted');
        expect(w.mailbox.peek(o.id)).toBeUndefined();
      } else {
        expect(result.kind).toBe('recreatedInBc');
        expect(w.mailbox.peek(o.id)?.outlookOnly).toEqual(['birthday']);
      }
      expect(await w.store.listConflicts(scope)).toEqual([]);
    }
  });
});

// ---- model-based: random edits on both sides and runs; no copy holding such values is lost ----

type Step =
  | { kind: 'set'; who: number; property: OutlookOnlyProperty; holds: boolean }
  | { kind: 'bcDelete'; who: number }
  | { kind: 'bcLeaveScope'; who: number }
  | { kind: 'bcEdit'; who: number }
  | { kind: 'sync'; mode: 'delta' | 'full' };

const who = fc.integer({ min: 0, max: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    who,
    property: fc.constantFrom(...OUTLOOK_ONLY_PROPERTIES),
    holds: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('bcDelete' as const), who }),
  fc.record({ kind: fc.constant('bcLeaveScope' as const), who }),
  fc.record({ kind: fc.constant('bcEdit' as const), who }),
  fc.record({ kind: fc.constantFrom('sync' as const), mode: fc.constantFrom(...MODES) }),
);

describe('F54 property: over random sequences, a copy holding values BC has no field for survives every run', () => {
  test('model-based property (every run keeps such copies; a full run removes the others of gone contacts)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const w = new World();
        await w.settings({ massDeleteShare: 1 });
        const ids = [1, 2, 3, 4].map((n) => w.bc.seed(person(n)).id);
        w.bc.seed(person(5)); // never touched: BC is never empty (rule guard.bcEmpty would hold the run)
        await w.sync('full');
        const copies = await Promise.all(ids.map(async (id) => (await w.outlookByBcId(id))!.id));
        for (const s of [...steps, { kind: 'sync', mode: 'full' } as const]) {
          const bcId = 'who' in s ? ids[s.who]! : '';
          const olId = 'who' in s ? copies[s.who]! : '';
          if (s.kind === 'set' && w.mailbox.peek(olId))
            w.mailbox.userSetOutlookOnly(olId, s.property, s.holds);
          if (s.kind === 'bcDelete' && w.bc.peek(bcId)) w.bc.remove(bcId);
          if (s.kind === 'bcLeaveScope' && w.bc.peek(bcId)) w.bc.edit(bcId, { privacyBlocked: true });
          if (s.kind === 'bcEdit' && w.bc.peek(bcId)) w.bc.edit(bcId, { jobTitle: `T${w.clock.now()}` });
          if (s.kind !== 'sync') continue;
          const holding = copies.filter((id) => (w.mailbox.peek(id)?.outlookOnly.length ?? 0) > 0);
          const { record } = await w.sync(s.mode);
          expect(record.status).toBe('succeeded');
          for (const id of holding) expect(w.mailbox.peek(id)?.outlookOnly.length ?? 0).toBeGreaterThan(0);
        }
        // After the final full run: each gone BC contact's copy is removed, or kept with a conflict
        // naming exactly what it holds.
        const conflicts = await w.store.listConflicts(await w.scope());
        for (const [i, bcId] of ids.entries()) {
          const bc = w.bc.peek(bcId);
          if (bc && !bc.privacyBlocked) continue;
          const copy = w.mailbox.peek(copies[i]!);
          if (!copy) continue;
          expect(copy.outlookOnly.length).toBeGreaterThan(0);
          const record = conflicts.find((c) => c.outlookId === copy.id)?.record;
          expect(record?.kind === 'deletedInBc' ? record.outlookOnly?.properties : null).toEqual(
            copy.outlookOnly,
          );
        }
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 60), seed: Number(process.env.PROP_SEED ?? 8054) },
    );
  });
});
