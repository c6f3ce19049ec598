import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { OutlookContact, OutlookContactDraft } from '../../src/core/model.js';
import { World, linkedPerson, person } from '../support/world.js';

// rule deletions.adoptCopy (F80): a copy of a synced contact made in Outlook (Outlook's copy keeps
// the BC id property) is skipped as "another copy is already synced"; when the user then deletes
// the synced one, the run must adopt the copy, not create a third contact (two forever).

/** What Outlook's "copy" of a contact holds: the same values, the BC id property included. */
function copyOf(c: OutlookContact): OutlookContactDraft {
  const { id: _id, changeKey: _changeKey, outlookOnly: _outlookOnly, ...draft } = c;
  return draft;
}

/** Each BC id's number of Outlook contacts in the folder that carry it. */
async function copiesPerBcId(w: World): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const o of await w.outlook()) if (o.bcId !== '') out.set(o.bcId, (out.get(o.bcId) ?? 0) + 1);
  return out;
}

describe('a copy the user kept is adopted when the synced contact is deleted (F80)', () => {
  test.each(['delta', 'full'] as const)(
    'F80 example, %s: delete the synced one of two copies: one contact stays, linked, with its edit in BC',
    async (mode) => {
      const { w, a, o: linked } = await linkedPerson({ jobTitle: 'Buyer' });
      const copy = w.mailbox.userCreate((await w.folder()).id, copyOf(linked));
      w.mailbox.userEdit(copy.id, { jobTitle: 'Head Buyer' });
      const full = await w.sync('full');
      expect(full.plan!.skipped.map((s) => s.record.reason.kind)).toEqual(['duplicateOfLinked']);
      // Only the deletion is new: a delta does not report the copy, which it must still find.
      w.later();
      w.mailbox.userDelete(linked.id);
      const { record } = await w.sync(mode);
      expect(record.status).toBe('succeeded');
      expect(record.counts.outlook.created).toBe(0);
      expect((await w.outlook()).map((o) => o.id)).toEqual([copy.id]);
      expect(w.bc.peek(a.id)?.jobTitle).toBe('Head Buyer');
      expect(await w.store.listSkipped(await w.scope())).toEqual([]);
      // The link now names the copy: later syncs keep one contact and write nothing.
      for (const next of ['delta', 'full'] as const) {
        const again = await w.sync(next);
        expect(again.record.counts.outlook).toMatchObject({ created: 0, updated: 0, deleted: 0 });
      }
      w.bc.edit(a.id, { city: 'Turku' });
      await w.sync(mode);
      expect((await w.outlook()).map((o) => [o.id, o.businessAddress.city])).toEqual([[copy.id, 'Turku']]);
    },
  );

  test('property: whatever copies, deletions, edits and syncs happen, no run adds an Outlook contact for a BC id the folder already holds, and following the hints leaves one copy each', async () => {
    type Step =
      | { kind: 'copy'; n: number }
      | { kind: 'delete'; n: number }
      | { kind: 'editOutlook'; n: number }
      | { kind: 'editBc'; n: number }
      | { kind: 'sync'; mode: 'delta' | 'full' };
    const step = fc.oneof(
      fc.record({ kind: fc.constant('copy' as const), n: fc.nat(9) }),
      fc.record({ kind: fc.constant('delete' as const), n: fc.nat(9) }),
      fc.record({ kind: fc.constant('editOutlook' as const), n: fc.nat(9) }),
      fc.record({ kind: fc.constant('editBc' as const), n: fc.nat(2) }),
      fc.record({
        kind: fc.constantFrom('sync' as const),
        mode: fc.constantFrom('delta' as const, 'full' as const),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps: Step[]) => {
        const w = new World();
        const ids = [1, 2, 3].map((n) => w.bc.seed(person(n)).id);
        await w.sync('full');
        let edits = 0;
        const pick = async (n: number) => {
          const list = (await w.outlook()).filter((o) => o.bcId !== '');
          return list.length === 0 ? undefined : list[n % list.length];
        };
        for (const s of steps) {
          w.later();
          if (s.kind === 'sync') {
            const before = await copiesPerBcId(w);
            await w.sync(s.mode);
            const after = await copiesPerBcId(w);
            for (const [bcId, n] of after)
              expect([bcId, n]).toEqual([bcId, Math.min(n, Math.max(1, before.get(bcId) ?? 0))]);
            continue;
          }
          if (s.kind === 'editBc') {
            w.bc.edit(ids[s.n]!, { jobTitle: `BC ${++edits}` });
            continue;
          }
          const o = await pick(s.n);
          if (!o) continue;
          if (s.kind === 'copy') w.mailbox.userCreate((await w.folder()).id, copyOf(o));
          else if (s.kind === 'delete') w.mailbox.userDelete(o.id);
          else w.mailbox.userEdit(o.id, { jobTitle: `OL ${++edits}` });
        }
        // The user follows every hint "delete this Outlook contact: another copy is synced".
        await w.sync('full');
        for (const s of await w.store.listSkipped(await w.scope())) {
          if (s.record.reason.kind === 'duplicateOfLinked')
            w.mailbox.userDelete(s.key.replace(/^outlook:/, ''));
        }
        await w.sync('delta');
        await w.sync('full');
        expect(await copiesPerBcId(w)).toEqual(new Map(ids.map((id) => [id, 1])));
        expect(await w.store.listSkipped(await w.scope())).toEqual([]);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 60), seed: Number(process.env.PROP_SEED ?? 8080) },
    );
  });
});
