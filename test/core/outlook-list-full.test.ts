import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { CONFLICT_POLICIES } from '../../src/core/merge.js';
import type { SkipEntry } from '../../src/core/ports.js';
import type { World } from '../support/world.js';
import { syncedPerson as synced } from '../support/world.js';

// Issue 8 §1, list full: Outlook holds at most 3 e-mail addresses and 2 business phones (Graph's
// limits). A BC value that finds the list full of Outlook's own values is never silently dropped and
// never pushes one of them out: the contact is skipped with `outlookListFull`, BC's value waits in
// the link, and lands once a slot frees — by a delta sync too (docs/sync-rules.md "Owned values").

const addresses = (w: World, id: string) => w.mailbox.peek(id)?.emailAddresses.map((e) => e.address) ?? [];

/**
 * Outlook's lists get `emails` / `phones` as the user's own values beside BC's, remembered as such
 * by the link. With the ownership rules a value typed in Outlook goes to a free BC field first, so a
 * list full of Outlook's own values beside a free field is only reached from state stored by another
 * version or host; it is built here directly (the "list shapes").
 */
async function ownValues(w: World, outlookId: string, emails: string[], phones: string[]): Promise<void> {
  const now = w.mailbox.peek(outlookId)!;
  const c = w.mailbox.userEdit(outlookId, {
    emailAddresses: [...now.emailAddresses, ...emails.map((address) => ({ address, name: 'own' }))],
    businessPhones: [...now.businessPhones, ...phones],
  });
  const scope = await w.scope();
  const link = (await w.store.listLinks(scope)).find((l) => l.outlookId === outlookId)!;
  await w.store.upsertLinks(scope, [
    { ...link, outlookChangeKey: c.changeKey, outlookOwn: { emails, phones } },
  ]);
}

const listFull = async (w: World): Promise<SkipEntry[]> =>
  (await w.store.listSkipped(await w.scope())).filter((s) => s.record.reason.kind === 'outlookListFull');

const writes = (r: Awaited<ReturnType<World['sync']>>) =>
  r.record.counts.outlook.updated + r.record.counts.bc.updated + r.record.counts.outlook.created;

describe('Outlook list full (issue 8 §1)', () => {
  test.each(CONFLICT_POLICIES)(
    'a new BC E-Mail 2 meeting three e-mails in Outlook is reported, not dropped; it lands by a delta sync once the user frees a slot (%s)',
    async (policy) => {
      const { w, a, o } = await synced(policy, { email: 'ann@contoso.com' });
      const own = [
        { address: 'ann.home@example.org', name: 'own' },
        { address: 'ann.club@example.org', name: 'own' },
      ];
      await ownValues(
        w,
        o.id,
        own.map((e) => e.address),
        [],
      );
      expect(writes(await w.sync('full'))).toBe(0);
      w.bc.edit(a.id, { email2: 'ann.lee@contoso.com' });
      w.later();
      const first = await w.sync('full');
      expect(addresses(w, o.id)).toEqual(['ann@contoso.com', ...own.map((e) => e.address)]);
      expect(w.bc.peek(a.id)?.email2).toBe('ann.lee@contoso.com');
      const [skip] = await listFull(w);
      expect(skip?.record).toMatchObject({
        side: 'bc',
        bcId: a.id,
        displayName: 'Person 1',
        reason: { kind: 'outlookListFull', field: 'email2', value: 'ann.lee@contoso.com', max: 3 },
      });
      expect(writes(first)).toBe(0);
      expect(await w.store.listConflicts(await w.scope())).toEqual([]);
      // Nothing to write while the list stays full: no repeated PATCH that cannot land.
      w.later();
      expect(writes(await w.sync('full'))).toBe(0);
      expect(writes(await w.sync('delta'))).toBe(0);
      expect(await listFull(w)).toHaveLength(1);
      // The user removes one of their own addresses; a delta sync (BC unchanged) adds BC's value.
      w.mailbox.userEdit(o.id, { emailAddresses: w.mailbox.peek(o.id)!.emailAddresses.slice(0, 2) });
      w.later();
      const freed = await w.sync('delta');
      expect(freed.record.counts.outlook.updated).toBe(1);
      expect(addresses(w, o.id)).toEqual(['ann@contoso.com', 'ann.lee@contoso.com', own[0]!.address]);
      expect(await listFull(w)).toEqual([]);
      expect(w.bc.peek(a.id)?.email2).toBe('ann.lee@contoso.com');
    },
  );

  test('a BC Phone No. meeting two business phones of Outlook’s own waits; BC clearing it drops the wait', async () => {
    const { w, a, o } = await synced('bcWins', {});
    await ownValues(w, o.id, [], ['+43 1 999 0000', '+43 1 999 0001']);
    w.bc.edit(a.id, { phoneNumber: '+43 1 234 5678' });
    w.later();
    await w.sync('delta');
    expect(w.mailbox.peek(o.id)?.businessPhones).toEqual(['+43 1 999 0000', '+43 1 999 0001']);
    expect((await listFull(w))[0]?.record.reason).toMatchObject({ field: 'phoneNumber', max: 2 });
    // BC clears the value before a slot frees: nothing waits any more, nothing lands later.
    w.bc.edit(a.id, { phoneNumber: '' });
    w.later();
    await w.sync('delta');
    expect(await listFull(w)).toEqual([]);
    w.mailbox.userEdit(o.id, { businessPhones: ['+43 1 999 0000'] });
    w.later();
    await w.sync('delta');
    expect(w.mailbox.peek(o.id)?.businessPhones).toEqual(['+43 1 999 0000']);
    expect(w.bc.peek(a.id)?.phoneNumber).toBe('');
  });
});

const OWN_EMAILS = ['own1@example.org', 'own2@example.org', 'own3@example.org'];
const OWN_PHONES = ['+1 555 9001', '+1 555 9002'];
const maybe = (v: string) => fc.constantFrom('', v);

describe('Outlook list full, property over list shapes (issue 8 §1)', () => {
  test('every BC value is in Outlook or reported as waiting, Outlook’s own values all stay, a full list causes no writes, and every waiting value lands once the lists have room', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CONFLICT_POLICIES),
        fc.record({ email2: maybe('two@contoso.com'), phoneNumber: maybe('+1 555 0100') }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.record({ email2: maybe('new2@contoso.com'), phoneNumber: maybe('+1 555 0200') }),
        fc.constantFrom('full' as const, 'delta' as const),
        async (policy, start, ownEmails, ownPhones, next, mode) => {
          const { w, a, o } = await synced(policy, { email: 'one@contoso.com', ...start });
          const now = w.mailbox.peek(o.id)!;
          // Outlook's own values fill what the lists have left (Graph's limits hold).
          const emails = OWN_EMAILS.slice(0, Math.max(0, Math.min(ownEmails, 3 - now.emailAddresses.length)));
          const phones = OWN_PHONES.slice(0, Math.max(0, Math.min(ownPhones, 2 - now.businessPhones.length)));
          await ownValues(w, o.id, emails, phones);
          await w.sync('full');
          w.bc.edit(a.id, next);
          w.later();
          await w.sync(mode);
          const ol = w.mailbox.peek(o.id)!;
          const olValues = [...ol.emailAddresses.map((e) => e.address), ...ol.businessPhones];
          for (const v of [...emails, ...phones]) expect(olValues).toContain(v);
          const waiting = (await listFull(w)).map((s) => s.record.reason);
          for (const f of ['email2', 'phoneNumber'] as const) {
            const value = w.bc.peek(a.id)![f];
            if (value === '' || olValues.includes(value)) continue;
            expect(waiting).toContainEqual(expect.objectContaining({ value }));
          }
          // A value reported as waiting is really not in Outlook.
          for (const r of waiting) if (r.kind === 'outlookListFull') expect(olValues).not.toContain(r.value);
          w.later();
          expect(writes(await w.sync(mode))).toBe(0);
          // The user empties Outlook's own values: whatever waited lands, by the same kind of run.
          w.mailbox.userEdit(o.id, {
            emailAddresses: ol.emailAddresses.filter((e) => !emails.includes(e.address)),
            businessPhones: ol.businessPhones.filter((p) => !phones.includes(p)),
          });
          w.later();
          await w.sync(mode);
          const after = w.mailbox.peek(o.id)!;
          const bc = w.bc.peek(a.id)!;
          expect(after.emailAddresses.map((e) => e.address)).toEqual(
            [bc.email, bc.email2].filter((v) => v !== ''),
          );
          expect(after.businessPhones).toEqual([bc.phoneNumber].filter((v) => v !== ''));
          expect(await listFull(w)).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 60), seed: Number(process.env.PROP_SEED ?? 8011) },
    );
  });
});
