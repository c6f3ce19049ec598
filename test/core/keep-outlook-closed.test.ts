import { describe, expect, test } from '@jest/globals';
import { resolveConflict } from '../../src/core/resolve.js';
import type { ResolveChoice } from '../../src/core/resolve.js';
import { World, person } from '../support/world.js';

// Audit question 1: "Keep Outlook" on a conflict whose BC contact is privacy-blocked or a Company.
// BC's own sync never writes Exchange values into a privacy-blocked match (it skips it with a
// warning) and imports Persons only; a run of ours skips an Outlook contact pointing at such a
// contact with `bcContactOutOfScope`. So nothing is ever written to such a contact. A field choice
// of Outlook's value is refused with that reason (`invalidForBc`, HTTP 422); keeping Outlook's side
// of a deletedInBc conflict keeps the copy apart from BC, unlinked (`keptInOutlook`): a refusal left
// the user only "Keep Business Central", which removes the copy (audit finding 3: stuck).

type Closing = 'privacyBlocked' | 'company';
const CLOSING: readonly Closing[] = ['privacyBlocked', 'company'];

function close(w: World, bcId: string, closing: Closing): void {
  w.bc.edit(bcId, closing === 'privacyBlocked' ? { privacyBlocked: true } : { type: 'Company' });
}

const REASON: Record<Closing, string> = { privacyBlocked: 'privacyBlocked', company: 'companyContact' };

async function choose(w: World, bcId: string, choice: ResolveChoice) {
  const scope = await w.scope();
  return resolveConflict({ bc: w.bc, mailbox: w.mailbox, store: w.store }, scope, bcId, choice).catch(
    (e: unknown) => ({ kind: 'refused', error: (e as { failure?: unknown }).failure ?? String(e) }),
  );
}

/** A synced contact whose copy got an Outlook edit, then BC closed it: a deletedInBc conflict. */
async function closedWithEditedCopy(closing: Closing) {
  const w = new World();
  await w.settings({ massDeleteShare: 1 });
  const a = w.bc.seed(person(1, { jobTitle: 'Buyer' }));
  w.bc.seed(person(2));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  w.mailbox.userEdit(o.id, { jobTitle: 'Procurement Lead' });
  close(w, a.id, closing);
  w.later();
  await w.sync('delta');
  const [c] = await w.store.listConflicts(await w.scope());
  expect(c?.record).toMatchObject({ kind: 'deletedInBc', reason: { kind: 'outOfScope' } });
  return { w, a, o };
}

describe('Keep Outlook on a contact BC closed to Outlook’s values (audit question 1)', () => {
  test.each(CLOSING.map((c) => [c]))(
    '%s, deletedInBc: the copy is kept apart, nothing written, never listed again; linked again once BC opens it',
    async (closing) => {
      const { w, a, o } = await closedWithEditedCopy(closing);
      const bcBefore = JSON.stringify(await w.bc.listAll());
      const result = await choose(w, a.id, { kind: 'all', side: 'outlook' });
      expect(result).toEqual({ kind: 'keptInOutlook', bcId: a.id, outlookId: o.id });
      expect(JSON.stringify(await w.bc.listAll())).toBe(bcBefore);
      const scope = await w.scope();
      expect(await w.store.listConflicts(scope)).toEqual([]);
      expect((await w.store.listLinks(scope)).map((l) => l.bcId)).not.toContain(a.id);
      const kept = (await w.outlook()).filter((c) => c.id === o.id);
      expect(kept.map((c) => c.jobTitle)).toEqual(['Procurement Lead']);
      // No run of either kind lists it again or removes the copy.
      for (const mode of ['delta', 'full'] as const) {
        w.later();
        await w.sync(mode);
        expect({ mode, conflicts: await w.store.listConflicts(scope) }).toEqual({ mode, conflicts: [] });
        expect({ mode, copies: (await w.outlook()).filter((c) => c.id === o.id).length }).toEqual({
          mode,
          copies: 1,
        });
      }
      expect(JSON.stringify(await w.bc.listAll())).toBe(bcBefore);
      // BC opens the contact again: linked to the same copy, never a second one.
      w.bc.edit(a.id, closing === 'privacyBlocked' ? { privacyBlocked: false } : { type: 'Person' });
      w.later();
      await w.sync('full');
      const copies = (await w.outlook()).filter((c) => c.bcId === a.id);
      expect(copies.map((c) => c.id)).toEqual([o.id]);
      expect((await w.store.listLinks(scope)).find((l) => l.bcId === a.id)?.outlookId).toBe(o.id);
    },
  );

  test.each(CLOSING.map((c) => [c]))(
    '%s after a field conflict was recorded: Outlook’s value refused, BC’s value taken',
    async (closing) => {
      const w = new World();
      await w.settings({ conflictPolicy: 'manual' });
      const a = w.bc.seed(person(1, { jobTitle: 'Buyer' }));
      await w.sync('full');
      const o = (await w.outlookByBcId(a.id))!;
      w.mailbox.userEdit(o.id, { jobTitle: 'Outlook title' });
      w.bc.edit(a.id, { jobTitle: 'BC title' });
      w.later();
      await w.sync('delta');
      expect((await w.store.listConflicts(await w.scope()))[0]?.record.kind).toBe('fields');
      // Closed in BC while the conflict waits in the pane.
      close(w, a.id, closing);
      const refused = await choose(w, a.id, { kind: 'fields', fields: { jobTitle: 'outlook' } });
      expect(refused).toMatchObject({
        error: {
          kind: 'invalidForBc',
          reasons: [{ kind: 'bcContactOutOfScope', bcId: a.id, reasons: [{ kind: REASON[closing] }] }],
        },
      });
      expect(w.bc.peek(a.id)?.jobTitle).toBe('BC title');
      // BC's side writes nothing to BC: taken.
      expect(await choose(w, a.id, { kind: 'all', side: 'bc' })).toMatchObject({ kind: 'merged' });
    },
  );
});
