import { describe, expect, test } from '@jest/globals';
import { normalizeEmail } from '../../src/core/model.js';
import type { SyncMode } from '../../src/core/records.js';
import { World, person } from '../support/world.js';

// rule duplicates.bc for updates (attack 2026-12-07, fault 2): an Outlook edit that moves a synced
// contact's E-Mail onto an address another BC contact holds was written to BC, so two BC contacts
// shared one address, unreported, and "This sender" named the wrong one. Every run mode and every
// kind of holder (synced, out of scope, left out by the filter) is tried, with the address written
// in another case and with spaces; the change is held as a skip naming the holder, kept in Outlook,
// and written by the next run of the same mode once the address is free (a delta decides the skip
// again when it reads the holder changed). A move to a free address still goes.

const SHARED = 'lena.berg@northwind.se';

/** The BC contact holding SHARED, as each kind of holder. */
const HOLDERS = {
  synced: { email: SHARED },
  companyContact: { email: SHARED, type: 'Company' as const },
  filteredOut: { email: SHARED, city: 'Paris' },
} as const;

const WRITTEN = {
  asIs: SHARED,
  otherCase: 'Lena.Berg@NorthWind.SE',
  spaced: `  ${SHARED} `,
} as const;

async function twoSynced(holder: keyof typeof HOLDERS) {
  const w = new World();
  await w.settings({ filter: { city: 'London' } });
  const harry = w.bc.seed(person(1, { displayName: 'Harry Taylor', email: 'harry@contoso.com' }));
  const lena = w.bc.seed(person(2, { displayName: 'Lena Berg', ...HOLDERS[holder] }));
  await w.sync('full');
  w.later();
  return { w, harry, lena };
}

const bcHolding = async (w: World, email: string) =>
  (await w.bc.findByEmails([email])).filter((c) => normalizeEmail(c.email) === normalizeEmail(email));

describe('an update never gives two BC contacts one e-mail (rule duplicates.bc)', () => {
  const rows = (['delta', 'full'] as SyncMode[]).flatMap((mode) =>
    (Object.keys(HOLDERS) as (keyof typeof HOLDERS)[]).flatMap((holder) =>
      (Object.keys(WRITTEN) as (keyof typeof WRITTEN)[]).map((written) => [mode, holder, written] as const),
    ),
  );

  test.each(rows)('%s run, holder %s, address written %s', async (mode, holder, written) => {
    const { w, harry, lena } = await twoSynced(holder);
    const copy = (await w.outlookByBcId(harry.id))!;
    w.mailbox.userEdit(copy.id, {
      emailAddresses: [{ address: WRITTEN[written], name: 'Harry Taylor' }],
      jobTitle: 'Buyer',
    });

    const { record, plan } = await w.sync(mode);
    expect(record.status).toBe('succeeded');
    // BC: the address stays Lena's alone, and none of Harry's change is written without it.
    expect((await bcHolding(w, SHARED)).map((c) => c.id)).toEqual([lena.id]);
    expect(w.bc.peek(harry.id)).toMatchObject({ email: 'harry@contoso.com', jobTitle: '' });
    const skip = plan!.skipped.find((s) => s.record.bcId === harry.id);
    expect(skip?.record).toMatchObject({
      side: 'outlook',
      outlookId: copy.id,
      reason: { kind: 'duplicateEmailInBc', bcIds: [lena.id] },
    });
    // Outlook keeps what the user typed.
    expect(w.mailbox.peek(copy.id)?.emailAddresses[0]?.address).toBe(WRITTEN[written]);

    // Held, not dropped: a later run holds it again, and once Lena's address changes it is written.
    w.later();
    const again = await w.sync('delta');
    expect(again.plan!.skipped.some((s) => s.record.bcId === harry.id)).toBe(true);
    w.bc.edit(lena.id, { email: 'lena@northwind.se' });
    w.later();
    await w.sync(mode);
    expect(normalizeEmail(w.bc.peek(harry.id)!.email)).toBe(SHARED);
    expect(w.bc.peek(harry.id)!.jobTitle).toBe('Buyer');
  });

  test.each(['delta', 'full'] as SyncMode[])(
    '%s run: a move to a free address and a change of case only are written',
    async (mode) => {
      const { w, harry } = await twoSynced('synced');
      const copy = (await w.outlookByBcId(harry.id))!;
      w.mailbox.userEdit(copy.id, { emailAddresses: [{ address: 'harry.t@contoso.com', name: 'H' }] });
      await w.sync(mode);
      expect(w.bc.peek(harry.id)!.email).toBe('harry.t@contoso.com');
      w.later();
      // Addresses compare without case (design §2): no move, nothing held, BC's spelling stays.
      w.mailbox.userEdit(copy.id, { emailAddresses: [{ address: 'Harry.T@Contoso.com', name: 'H' }] });
      const { plan } = await w.sync(mode);
      expect(plan!.skipped).toEqual([]);
      expect(w.bc.peek(harry.id)!.email).toBe('harry.t@contoso.com');
    },
  );

  test('named: Harry Taylor typed Lena Berg’s e-mail in Outlook; BC keeps one Lena Berg for it', async () => {
    const { w, harry, lena } = await twoSynced('synced');
    const copy = (await w.outlookByBcId(harry.id))!;
    w.mailbox.userEdit(copy.id, { emailAddresses: [{ address: 'Lena.Berg@northwind.se', name: 'Harry' }] });
    const { record } = await w.sync('delta');
    expect(record.counts.bc.updated).toBe(0);
    expect((await bcHolding(w, SHARED)).map((c) => c.displayName)).toEqual(['Lena Berg']);
    expect(w.bc.peek(lena.id)!.email).toBe(SHARED);
  });

  test('a pair decided again after a stale write is checked as in the plan', async () => {
    // The user types Lena's address while the run writes Harry's BC update: BC answers it stale,
    // the run reads both sides again and decides the pair anew (executor.ts replan).
    const { w, harry, lena } = await twoSynced('synced');
    const copy = (await w.outlookByBcId(harry.id))!;
    w.mailbox.userEdit(copy.id, { jobTitle: 'Buyer' });
    let stale = true;
    w.bc.fault = (op) => {
      if (op !== 'update' || !stale) return null;
      stale = false;
      w.mailbox.userEdit(copy.id, { emailAddresses: [{ address: SHARED, name: 'Harry' }] });
      return { kind: 'stale', message: 'changed meanwhile' };
    };
    const { record } = await w.sync('delta');
    expect(stale).toBe(false);
    expect(record.status).toBe('succeeded');
    expect((await bcHolding(w, SHARED)).map((c) => c.id)).toEqual([lena.id]);
    expect(w.bc.peek(harry.id)).toMatchObject({ email: 'harry@contoso.com' });
  });
});
