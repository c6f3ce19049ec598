/**
 * Every skip hint names an action the user has (issue 14). The hint of `bcContactDeleted` says: to
 * keep the person, create the contact again in Business Central (the next sync brings it to Outlook)
 * and delete this Outlook contact; otherwise just delete it. A new BC contact of the same e-mail does
 * not take over the stamped Outlook contact (the stamp names the deleted one), so the hint does not
 * promise that. These tests prove the named actions end the skip and leave one copy.
 */
import { describe, expect, test } from '@jest/globals';
import { World, outlookPerson, person } from '../support/world.js';

describe('skip hints name actions that work', () => {
  test('bcContactDeleted: create it again in BC and delete the Outlook contact — one linked copy, no skip', async () => {
    const w = new World();
    await w.sync('full');
    const folder = await w.folder();
    const email = 'gone.person@fabrikam.com';
    await w.mailbox.create(folder.id, [
      outlookPerson(1, { bcId: 'CT-DELETED', emailAddresses: [{ address: email, name: 'Gone Person' }] }),
    ]);
    const first = await w.sync('full');
    expect(first.record.status).toBe('succeeded');
    const skipped = await w.store.listSkipped(await w.scope());
    expect(skipped.map((s) => s.record.reason.kind)).toEqual(['bcContactDeleted']);

    // While the stamped copy is there, a new BC contact of that e-mail does not take it over.
    const again = w.bc.seed(person(7, { email }));
    await w.sync('full');
    const stale = (await w.outlook()).find((c) => c.bcId === 'CT-DELETED');
    expect(stale).toBeDefined();
    await w.mailbox.delete(folder.id, [{ id: stale?.id ?? '', changeKey: stale?.changeKey ?? '' }]);
    const second = await w.sync('full');
    expect(second.record.status).toBe('succeeded');
    expect(await w.store.listSkipped(await w.scope())).toEqual([]);
    const links = await w.store.listLinks(await w.scope());
    const [outlook] = await w.outlook();
    expect(links.map((l) => [l.bcId, l.outlookId])).toEqual([[again.id, outlook?.id]]);
    expect(outlook?.bcId).toBe(again.id);
    expect(await w.outlook()).toHaveLength(1);
  });

  test('bcContactDeleted: just deleting the Outlook contact ends the skip', async () => {
    const w = new World();
    await w.sync('full');
    const folder = await w.folder();
    await w.mailbox.create(folder.id, [outlookPerson(2, { bcId: 'CT-DELETED' })]);
    await w.sync('full');
    const [stale] = await w.outlook();
    await w.mailbox.delete(folder.id, [{ id: stale?.id ?? '', changeKey: stale?.changeKey ?? '' }]);
    await w.sync('full');
    expect(await w.store.listSkipped(await w.scope())).toEqual([]);
    expect(await w.outlook()).toEqual([]);
  });
});
