/**
 * Attack 2026-12-07 fault 3: BC deleted a contact whose Outlook copy the user had edited (an open
 * deletedInBc conflict), then the address came back on one side: a BC user made a new contact of it,
 * or the user typed a new Outlook contact of it. Each run made a second copy of the address (a
 * second Outlook contact, or a second BC one), and keeping Outlook was refused duplicateEmailInBc,
 * leaving only the choice that removes the copy and its edits.
 * Over (the side that re-adds) × (resolve: bc, outlook, none) × (the runs: delta, full): after
 * every run, one contact of the address on each side; the Outlook edit is kept unless the user
 * chose BC; a contact held has a reason reported.
 */
import { describe, expect, test } from '@jest/globals';
import { normalizeEmail } from '../../src/core/model.js';
import { deletedInBcConflict } from '../support/deleted-in-bc.js';
import { outlookPerson, person } from '../support/world.js';
import type { World } from '../support/world.js';

type Side = 'bc' | 'outlook';
const EDIT = 'OL edit 2';

async function onEachSide(w: World, email: string) {
  const key = normalizeEmail(email);
  const ol = (await w.outlook()).filter((o) => normalizeEmail(o.emailAddresses[0]?.address ?? '') === key);
  const bc = (await w.bc.findByEmails([email])).filter((c) => normalizeEmail(c.email) === key);
  return { ol, bc };
}

const cases: [Side, Side | 'none', 'delta' | 'full'][] = [];
for (const readd of ['bc', 'outlook'] as const)
  for (const side of ['bc', 'outlook', 'none'] as const)
    for (const mode of ['delta', 'full'] as const) cases.push([readd, side, mode]);

describe('an address an open deletedInBc conflict holds, re-added on one side', () => {
  test.each(cases)('re-added in %s, resolved %s, then %s runs', async (readd, side, mode) => {
    const { w, a, o, resolve } = await deletedInBcConflict(EDIT);
    const email = a.email;
    let newId: string;
    if (readd === 'bc') newId = w.bc.seed(person(3, { email: email.toUpperCase() })).id;
    else {
      const folderId = (await w.folder()).id;
      newId = w.mailbox.userCreate(
        folderId,
        outlookPerson(3, { emailAddresses: [{ address: email, name: 'New' }] }),
      ).id;
    }
    const check = async (resolved: Side | 'none') => {
      const { ol, bc } = await onEachSide(w, email);
      // The user's own new Outlook contact is theirs: the sync makes no copy beside it.
      const typed = readd === 'outlook' && ol.some((c) => c.id === newId) && resolved !== 'bc' ? 1 : 0;
      expect(ol.length).toBe(1 + typed);
      expect(bc.length).toBeLessThanOrEqual(1);
      // The edit stays in Outlook unless the user chose BC's side.
      if (resolved !== 'bc') expect(ol.filter((c) => c.id !== newId).map((c) => c.jobTitle)).toEqual([EDIT]);
      const skipped = await w.store.listSkipped(await w.scope());
      const conflicts = await w.store.listConflicts(await w.scope());
      // A contact of the address not linked is held with a reason, or under the open conflict.
      const links = await w.store.listLinks(await w.scope());
      const heldKey = readd === 'bc' ? `bc:${newId}` : `outlook:${newId}`;
      const linked = links.some((l) => (readd === 'bc' ? l.bcId : l.outlookId) === newId);
      const gone = readd === 'outlook' && !ol.some((c) => c.id === newId);
      if (!linked && !gone) expect(skipped.map((s) => s.key)).toContain(heldKey);
      if (resolved === 'none') expect(conflicts.map((c) => c.bcId)).toEqual([a.id]);
    };
    await w.sync(mode);
    await check('none');
    if (side !== 'none') {
      const r = await resolve({ kind: 'all', side });
      expect(r.kind).not.toBe('refused');
    }
    await w.sync(mode);
    await check(side);
    await w.sync(mode);
    await check(side);
    if (side === 'outlook') {
      // Keeping Outlook kept the copy, linked to the one BC contact of the address.
      const { bc } = await onEachSide(w, email);
      const links = await w.store.listLinks(await w.scope());
      expect(links.filter((l) => l.outlookId === o.id).map((l) => l.bcId)).toEqual(bc.map((c) => c.id));
      if (readd === 'bc') expect(bc[0]?.jobTitle).toBe(EDIT);
    }
  });
});
