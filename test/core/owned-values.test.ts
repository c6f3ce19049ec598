import { describe, expect, test } from '@jest/globals';
import { executePlan } from '../../src/core/executor.js';
import { compileFilter } from '../../src/core/filter/index.js';
import { CONFLICT_POLICIES } from '../../src/core/merge.js';
import type { OutlookContact } from '../../src/core/model.js';
import { claimEntries, EMAIL_LIST } from '../../src/core/owned-values.js';
import { person, syncedPerson as synced } from '../support/world.js';

// Issue 8 §1: each synced BC field owns one identified Outlook value; Outlook's own extra values
// are never lost, moved or read into BC (docs/sync-rules.md "Owned values").

const addresses = (c: OutlookContact | undefined) => c?.emailAddresses.map((e) => e.address) ?? [];

describe('owned values (issue 8 §1)', () => {
  test.each(CONFLICT_POLICIES)(
    'clearing BC Phone No. removes only its own number; the second business phone typed in Outlook stays, no conflict (%s)',
    async (policy) => {
      const { w, a, o } = await synced(policy, { phoneNumber: '+43 1 234 5678' });
      w.mailbox.userEdit(o.id, { businessPhones: ['+43 1 234 5678', '+43 1 999 0000'] });
      await w.sync('full');
      expect(w.bc.peek(a.id)?.phoneNumber).toBe('+43 1 234 5678');
      w.bc.edit(a.id, { phoneNumber: '' });
      const first = await w.sync('full');
      const second = await w.sync('full');
      expect(w.mailbox.peek(o.id)?.businessPhones).toEqual(['+43 1 999 0000']);
      expect(w.bc.peek(a.id)?.phoneNumber).toBe('');
      expect(first.record.counts.outlook.updated).toBe(1);
      expect(second.record.counts.outlook.updated + second.record.counts.bc.updated).toBe(0);
      expect(await w.store.listConflicts(await w.scope())).toEqual([]);
    },
  );

  test.each(CONFLICT_POLICIES)(
    'clearing BC E-Mail 2 keeps Outlook’s own third address in place and out of BC (%s)',
    async (policy) => {
      const { w, a, o } = await synced(policy, { email: 'ann@contoso.com', email2: 'ann.lee@contoso.com' });
      const own = { address: 'ann.private@example.org', name: 'Ann (home)' };
      w.mailbox.userEdit(o.id, { emailAddresses: [...w.mailbox.peek(o.id)!.emailAddresses, own] });
      await w.sync('full');
      w.bc.edit(a.id, { email2: '' });
      await w.sync('full');
      await w.sync('full');
      expect(w.mailbox.peek(o.id)?.emailAddresses).toEqual([
        { address: 'ann@contoso.com', name: 'Person 1' },
        own,
      ]);
      expect(w.bc.peek(a.id)).toMatchObject({ email: 'ann@contoso.com', email2: '' });
      expect(await w.store.listConflicts(await w.scope())).toEqual([]);
      // BC sets E-Mail 2 again: a new entry after E-Mail, Outlook's own entry untouched.
      w.bc.edit(a.id, { email2: 'lee@contoso.com' });
      await w.sync('full');
      expect(addresses(w.mailbox.peek(o.id))).toEqual(['ann@contoso.com', 'lee@contoso.com', own.address]);
    },
  );

  test('an owned value edited in Outlook reaches BC, wherever Outlook’s own entries sit', async () => {
    const { w, a, o } = await synced('bcWins', {
      email: 'ann@contoso.com',
      email2: 'lee@contoso.com',
      phoneNumber: '+1 555 0100',
    });
    // The user puts Outlook's own entries first (a private address, a phone) and edits BC's E-Mail and Phone No.
    const ownFirst = (id: string, email: string, phone: string) =>
      w.mailbox.userEdit(id, {
        emailAddresses: [
          { address: 'private@example.org', name: 'p' },
          { address: email, name: 'Person 1' },
          { address: 'lee@contoso.com', name: 'Person 1' },
        ],
        businessPhones: ['+1 555 0199', phone],
      });
    ownFirst(o.id, 'ann@contoso.com', '+1 555 0100');
    await w.sync('full');
    expect(w.bc.peek(a.id)).toMatchObject({
      email: 'ann@contoso.com',
      email2: 'lee@contoso.com',
      phoneNumber: '+1 555 0100',
    });
    ownFirst(o.id, 'ann.new@contoso.com', '+1 555 0123');
    await w.sync('full');
    expect(w.bc.peek(a.id)).toMatchObject({ email: 'ann.new@contoso.com', phoneNumber: '+1 555 0123' });
    expect(addresses(w.mailbox.peek(o.id))).toEqual([
      'private@example.org',
      'ann.new@contoso.com',
      'lee@contoso.com',
    ]);
    expect(w.mailbox.peek(o.id)?.businessPhones).toEqual(['+1 555 0199', '+1 555 0123']);
  });

  test('a value typed in Outlook where BC has none fills BC’s field (an addition, not an extra)', async () => {
    const { w, a, o } = await synced('bcWins', {});
    w.mailbox.userEdit(o.id, { businessPhones: ['+44 20 7946 0000'] });
    await w.sync('full');
    expect(w.bc.peek(a.id)?.phoneNumber).toBe('+44 20 7946 0000');
  });

  test.each(CONFLICT_POLICIES)(
    'an Outlook-only value the user edits while BC’s field is empty stays Outlook’s own: not read into E-Mail 2 or Phone No. (%s)',
    async (policy) => {
      const { w, a, o } = await synced(policy, { email2: 'lee@contoso.com', phoneNumber: '+43 1 234 5678' });
      const now = w.mailbox.peek(o.id)!;
      w.mailbox.userEdit(o.id, {
        emailAddresses: [...now.emailAddresses, { address: 'h3@third.example', name: 'home' }],
        businessPhones: [...now.businessPhones, '+43 1 999 0000'],
      });
      await w.sync('full');
      w.bc.edit(a.id, { email2: '', phoneNumber: '' });
      await w.sync('full');
      expect(addresses(w.mailbox.peek(o.id))).toEqual(['person1@contoso.com', 'h3@third.example']);
      // The user edits their own address and phone in place; BC's E-Mail 2 and Phone No. are empty.
      w.mailbox.userEdit(o.id, {
        emailAddresses: [
          { address: 'person1@contoso.com', name: 'Person 1' },
          { address: 'h4@third.example', name: 'home' },
        ],
        businessPhones: ['+43 1 999 0001'],
      });
      const first = await w.sync('full');
      const second = await w.sync('full');
      expect(w.bc.peek(a.id)).toMatchObject({ email2: '', phoneNumber: '' });
      const ol = w.mailbox.peek(o.id)!;
      expect(addresses(ol)).toEqual(['person1@contoso.com', 'h4@third.example']);
      expect(ol.businessPhones).toEqual(['+43 1 999 0001']);
      expect(first.record.counts.bc.updated + first.record.counts.outlook.updated).toBe(0);
      expect(second.record.counts.bc.updated + second.record.counts.outlook.updated).toBe(0);
      expect(await w.store.listConflicts(await w.scope())).toEqual([]);
      // A value typed beside them is still an addition: BC gets it.
      w.mailbox.userEdit(o.id, { businessPhones: ['+43 1 999 0001', '+43 1 555 0002'] });
      await w.sync('full');
      expect(w.bc.peek(a.id)?.phoneNumber).toBe('+43 1 555 0002');
      expect(w.mailbox.peek(o.id)?.businessPhones).toEqual(['+43 1 999 0001', '+43 1 555 0002']);
    },
  );

  test('a delta run that rewrites E-Mail 2 without reading Outlook keeps Outlook’s own address', async () => {
    const { w, a, o } = await synced('bcWins', { email2: 'two@contoso.com' });
    w.mailbox.userEdit(o.id, {
      emailAddresses: [...w.mailbox.peek(o.id)!.emailAddresses, { address: 'mine@example.org', name: 'm' }],
    });
    await w.sync('delta');
    w.later();
    w.bc.edit(a.id, { email2: 'second@contoso.com' });
    await w.sync('delta');
    expect(addresses(w.mailbox.peek(o.id))).toEqual([
      'person1@contoso.com',
      'second@contoso.com',
      'mine@example.org',
    ]);
  });

  test('a link stored before owned values existed reads entries past BC’s positions as Outlook’s own', () => {
    const base = { ...person(1), email: 'a@x.com', email2: '' } as never;
    const claims = claimEntries(['a@x.com', 'b@x.com', 'c@x.com'], EMAIL_LIST, { base }, undefined);
    expect([...claims.owner]).toEqual([
      ['email', 0],
      ['email2', 1],
    ]);
    expect(claims.own).toEqual([2]);
  });
});

describe('owned values when the plan did not read Outlook (issue 8 §1)', () => {
  test('an update that rewrites the e-mail list without the contact reads it first, so Outlook’s own entry stays', async () => {
    const { w, a, o } = await synced('bcWins', { email2: 'two@contoso.com' });
    const own = { address: 'mine@example.org', name: 'm' };
    w.mailbox.userEdit(o.id, { emailAddresses: [...w.mailbox.peek(o.id)!.emailAddresses, own] });
    await w.sync('full');
    const scope = await w.scope();
    const [link] = await w.store.listLinks(scope);
    expect(link?.outlookOwn).toEqual({ emails: [own.address], phones: [] });
    const bc = w.bc.peek(a.id)!;
    const target = { ...link!.base, email2: 'second@contoso.com' };
    const compiled = compileFilter({});
    if (!compiled.ok) throw new Error('empty filter');
    await executePlan(
      {
        mode: 'delta',
        complete: false,
        items: [
          {
            kind: 'update',
            bcId: a.id,
            outlookId: o.id,
            base: link!.base,
            bc: { stamp: bc.etag, current: link!.base, target: link!.base },
            outlook: { stamp: w.mailbox.peek(o.id)!.changeKey, current: link!.base, target },
            existing: null,
            outlookOwn: link!.outlookOwn,
            stampBcId: false,
          },
        ],
        conflicts: [],
        resolvedConflicts: [],
        skipped: [],
        unskipped: [],
        excludedByFilter: 0,
        guard: null,
        untrustedLinks: [],
        repairedLinks: [],
      },
      {
        bc: w.bc,
        mailbox: w.mailbox,
        store: w.store,
        scope,
        mode: 'delta',
        policy: 'bcWins',
        filter: compiled.filter,
      },
    );
    expect(addresses(w.mailbox.peek(o.id))).toEqual([
      'person1@contoso.com',
      'second@contoso.com',
      own.address,
    ]);
    expect((await w.store.listLinks(scope))[0]?.outlookOwn).toEqual({ emails: [own.address], phones: [] });
  });
});
