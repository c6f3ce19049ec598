import { describe, expect, test } from '@jest/globals';
import { resolveConflict } from '../../src/core/resolve.js';
import type { ResolveChoice } from '../../src/core/resolve.js';
import { World, person } from '../support/world.js';

// Audit question 1: "Keep Outlook" on a conflict whose BC contact is privacy-blocked or a Company.
// Decided: refused, nothing written. BC's own sync never writes Exchange values into a
// privacy-blocked match (it skips it with a warning) and imports Persons only; a run of ours skips
// an Outlook contact pointing at such a contact with `bcContactOutOfScope`. A resolve gives the same
// reason (`invalidForBc`, HTTP 422): the conflict stays, and "Keep Business Central" still removes
// the copy. A contact that only left the filter, or lost its e-mail, is still written (soak F2).

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
    '%s, deletedInBc: refused with bcContactOutOfScope naming the contact; nothing written',
    async (closing) => {
      const { w, a, o } = await closedWithEditedCopy(closing);
      const bcBefore = JSON.stringify(await w.bc.listAll());
      const result = await choose(w, a.id, { kind: 'all', side: 'outlook' });
      expect(result).toMatchObject({
        kind: 'refused',
        error: {
          kind: 'invalidForBc',
          reasons: [
            {
              kind: 'bcContactOutOfScope',
              bcId: a.id,
              bcNumber: w.bc.peek(a.id)!.number,
              reasons: [{ kind: REASON[closing] }],
            },
          ],
        },
      });
      expect(JSON.stringify(await w.bc.listAll())).toBe(bcBefore);
      expect((await w.store.listConflicts(await w.scope())).map((c) => c.bcId)).toEqual([a.id]);
      // Keeping BC's side is still open: the copy goes.
      expect(await choose(w, a.id, { kind: 'all', side: 'bc' })).toMatchObject({ kind: 'deletionAccepted' });
      expect((await w.outlook()).map((c) => c.id)).not.toContain(o.id);
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
        error: { kind: 'invalidForBc', reasons: [{ kind: 'bcContactOutOfScope', bcId: a.id }] },
      });
      expect(w.bc.peek(a.id)?.jobTitle).toBe('BC title');
      // BC's side writes nothing to BC: taken.
      expect(await choose(w, a.id, { kind: 'all', side: 'bc' })).toMatchObject({ kind: 'merged' });
    },
  );
});
