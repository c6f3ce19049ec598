import { describe, expect, test } from '@jest/globals';
import type { ConflictPolicy } from '../../src/core/merge.js';
import { World, outlookPerson, person } from '../support/world.js';

/*
 * Review RV4 (reviewer, this session) of 44b552f: a BC create whose outcome is unknown that never
 * reached BC stays pending. A BC user then enters the same person under the same address, with
 * another job title. The next run found that entry by the address and took what the create sent
 * as the link's base, so every field BC's entry differs in read as "changed in BC only": BC's
 * value overwrote the Outlook contact's with no conflict record, under every policy. The values
 * cannot tell this from a BC edit of our landed create (soak F2), so each such field is settled
 * by the policy, the losing value kept in a settled conflict record (sent-base.ts
 * bcDifferencesByPolicy). Table: every policy; the Outlook value must stay on a side or in a
 * conflict record, and the person exists once on each side.
 */

const OL_TITLE = 'ol title';
const BC_TITLE = 'CFO';

const POLICIES: { policy: ConflictPolicy; outlookHolds: string }[] = [
  { policy: 'bcWins', outlookHolds: BC_TITLE },
  { policy: 'outlookWins', outlookHolds: OL_TITLE },
  { policy: 'manual', outlookHolds: OL_TITLE },
];

describe('review RV4: a lost BC create that never reached BC, and the person entered in BC', () => {
  test.each(POLICIES)('policy $policy: the Outlook job title is kept', async ({ policy, outlookHolds }) => {
    const w = new World();
    await w.settings({ massDeleteShare: 1, conflictPolicy: policy });
    w.bc.seed(person(9));
    expect((await w.sync('full')).record.status).toBe('succeeded');
    w.later();
    w.mailbox.userCreate((await w.folder()).id, outlookPerson(1, { jobTitle: OL_TITLE }));
    w.bc.fault = (op) => (op === 'create' ? { kind: 'unknownOutcome', message: 'never reached BC' } : null);
    expect((await w.sync('delta', { trigger: 'pane' })).record.status).not.toBe('succeeded');
    w.bc.fault = null;
    expect((await w.store.listPendingCreates(await w.scope())).length).toBe(1);
    expect(await w.bc.findByEmails(['outlook1@fabrikam.com'])).toEqual([]);
    w.later();
    w.bc.seed({
      type: 'Person',
      displayName: 'Outlook 1',
      firstName: 'Outlook',
      surname: '1',
      email: 'outlook1@fabrikam.com',
      city: 'London',
      jobTitle: BC_TITLE,
    });
    expect((await w.sync('delta', { trigger: 'schedule' })).record.status).toBe('succeeded');

    const bcs = (await w.bc.listAll()).filter((c) => c.email === 'outlook1@fabrikam.com');
    const ols = (await w.outlook()).filter((o) => o.emailAddresses[0]?.address === 'outlook1@fabrikam.com');
    expect([bcs.length, ols.length]).toEqual([1, 1]);
    expect(ols[0]!.jobTitle).toBe(outlookHolds);
    const recorded = (await w.store.listConflicts(await w.scope()))
      .flatMap((c) => c.record.fields)
      .filter((f) => f.field === 'jobTitle')
      .map((f) => [f.bc, f.outlook]);
    // The value a side no longer holds is in a conflict record (settled, or open under manual).
    if (outlookHolds !== OL_TITLE || policy === 'manual') expect(recorded).toEqual([[BC_TITLE, OL_TITLE]]);
  });
});
