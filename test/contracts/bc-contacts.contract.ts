import { describe, expect, test } from '@jest/globals';
import { emptySyncFields } from '../../src/core/model.js';
import type { BcContact } from '../../src/core/model.js';
import type { BcContactDraft, BcContacts } from '../../src/core/ports.js';
import { withBlockSetup } from '../support/block-setup.js';
import { byCodePoint } from '../../src/pure/code-point-order.js';
import { numberedBcPerson, ok } from './fixtures.js';

export interface BcContactsSetup {
  readonly bc: BcContacts;
  /** What a BC user does outside the port: delete a contact. */
  readonly removeContact: (id: string) => Promise<void>;
  /** What a BC user does outside the port: rename a contact (give it another number). */
  readonly renumberContact: (id: string, number: string) => Promise<void>;
  /**
   * The same contacts through an adapter that reads `pageSize` contacts a page, where the adapter
   * reads in pages (a BC API); absent where a read is one statement or one look at memory.
   */
  readonly paged?: (pageSize: number) => BcContacts;
  /** Moves the service's clock forward (or waits) so timestamps differ. */
  readonly tick: () => Promise<void>;
  readonly teardown: () => Promise<void>;
}

export function bcDraft(n: number, overrides: Partial<BcContactDraft> = {}): BcContactDraft {
  return {
    ...emptySyncFields(),
    ...numberedBcPerson('Contact', n, 'fabrikam.com'),
    phoneNumber: '+45 12 34 56 78',
    addressLine1: `${n} Harbour Road`,
    addressLine2: 'Floor 3',
    city: 'Copenhagen',
    postalCode: '1000',
    country: 'DK',
    ...overrides,
  };
}

/** The BcContacts port's contract: the in-memory fake and the facade adapter pass it unchanged. */
export function runBcContactsContract(name: string, setup: () => Promise<BcContactsSetup>): void {
  describe(`BcContacts contract: ${name}`, () => {
    let env: BcContactsSetup;
    let bc: BcContacts;
    withBlockSetup(setup, (made) => {
      env = made;
      bc = made.bc;
    });

    test('create returns the contact with id, etag and lastModifiedDateTime; every field round-trips', async () => {
      const draft = bcDraft(1, {
        middleName: 'M',
        email2: 'c1@home.example',
        faxNumber: '+45 1',
        website: 'https://fabrikam.com',
        state: 'Capital',
        jobTitle: 'Owner',
        initials: 'CM',
        companyName: 'Fabrikam',
        mobilePhoneNumber: '+45 9',
      });
      const c = ok((await bc.create([draft]))[0]);
      expect(c.id).toMatch(/^[0-9a-f-]{36}$/i);
      expect(c.etag).not.toBe('');
      expect(Number.isNaN(Date.parse(c.lastModifiedDateTime))).toBe(false);
      expect(c.type).toBe('Person');
      const { type: _t, ...fields } = draft;
      expect(c).toMatchObject(fields);
      expect((await bc.getMany([c.id]))[0]).toEqual(c);
    });

    test('Country/Region: the table lists codes with names; Code fields are stored upper-cased; a code not in the table is refused', async () => {
      const table = await bc.countriesRegions();
      expect(table.find((c) => c.code === 'DK')?.displayName).toBe('Denmark');
      for (const c of table) expect(c.code).toBe(c.code.toUpperCase());
      const created = ok((await bc.create([bcDraft(90, { postalCode: 'dk-1000 k', country: 'dk' })]))[0]);
      expect(created).toMatchObject({ postalCode: 'DK-1000 K', country: 'DK' });
      const [updated] = await bc.update([
        { id: created.id, etag: created.etag, patch: { postalCode: 'sw1a 1aa', country: 'gb' } },
      ]);
      expect(ok(updated)).toMatchObject({ postalCode: 'SW1A 1AA', country: 'GB' });
      const [refused] = await bc.create([bcDraft(91, { country: 'QQ' })]);
      expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    });

    test('values that do not fit BC are refused with a reason, never cut', async () => {
      const out = await bc.create([
        bcDraft(2, { city: 'x'.repeat(31) }),
        bcDraft(3, { displayName: '' }),
        bcDraft(4),
      ]);
      expect(out[0]).toMatchObject({ ok: false, error: { kind: 'invalid' } });
      expect(out[0]?.ok === false && out[0].error.message).toMatch(/City/);
      expect(out[1]).toMatchObject({ ok: false, error: { kind: 'invalid' } });
      expect(ok(out[2]).displayName).toBe('Contact 4');
    });

    test('create tells `answered` of each draft at most once, with the outcome it returns (issue 12, delta-outlook-1pct)', async () => {
      const drafts = Array.from({ length: 9 }, (_, k) =>
        bcDraft(200 + k, k === 4 ? { city: 'x'.repeat(31) } : {}),
      );
      const told: [number, unknown][] = [];
      const out = await bc.create(drafts, (at, outcomes) =>
        at.forEach((n, k) => told.push([n, outcomes[k]])),
      );
      expect(out.map((o) => o.ok)).toEqual(drafts.map((_, k) => k !== 4));
      // An adapter may answer all at once and tell nothing; what it tells is each draft once, as returned.
      const indices = told.map(([n]) => n);
      expect(new Set(indices).size).toBe(indices.length);
      for (const [n, outcome] of told) expect(outcome).toEqual(out[n]);
    });

    test('update needs the current etag: stale is refused, unknown ids are not found', async () => {
      const c = ok((await bc.create([bcDraft(5)]))[0]);
      await env.tick();
      const u = ok((await bc.update([{ id: c.id, etag: c.etag, patch: { jobTitle: 'Buyer' } }]))[0]);
      expect(u.jobTitle).toBe('Buyer');
      expect(u.displayName).toBe('Contact 5');
      expect(u.etag).not.toBe(c.etag);
      expect(u.lastModifiedDateTime >= c.lastModifiedDateTime).toBe(true);
      const stale = await bc.update([{ id: c.id, etag: c.etag, patch: { jobTitle: 'x' } }]);
      expect(stale[0]).toMatchObject({ ok: false, error: { kind: 'stale' } });
      const missing = await bc.update([
        { id: '11111111-2222-4333-8444-555555555555', etag: '*', patch: { jobTitle: 'x' } },
      ]);
      expect(missing[0]).toMatchObject({ ok: false, error: { kind: 'notFound' } });
    });

    test('readChanges: null reads every contact with a delta link; the link reports changes and deletions', async () => {
      const [a, b] = (await bc.create([bcDraft(10), bcDraft(11)])).map(ok);
      await env.tick();
      const first = await bc.readChanges(null);
      expect(first.kind).toBe('snapshot');
      if (first.kind !== 'snapshot') return;
      expect(first.contacts.map((c) => c.id)).toEqual(expect.arrayContaining([a!.id, b!.id]));
      expect(first.deltaLink).not.toBe('');
      await env.tick();
      const a2 = ok((await bc.update([{ id: a!.id, etag: a!.etag, patch: { city: 'Aarhus' } }]))[0]);
      await env.removeContact(b!.id);
      const changes = await bc.readChanges(first.deltaLink);
      expect(changes.kind).toBe('changes');
      if (changes.kind !== 'changes') return;
      expect(changes.changed.find((c: BcContact) => c.id === a2.id)?.city).toBe('Aarhus');
      expect(changes.deletedIds).toContain(b!.id);
      expect(changes.changed.map((c) => c.id)).not.toContain(b!.id);
      expect(changes.deltaLink).not.toBe('');
      // The new link goes on from there: the deletion is not lost, a later edit is reported.
      await env.tick();
      const a3 = ok((await bc.update([{ id: a2.id, etag: a2.etag, patch: { city: 'Odense' } }]))[0]);
      const later = await bc.readChanges(changes.deltaLink);
      expect(later.kind === 'changes' && later.changed.find((c) => c.id === a3.id)?.city).toBe('Odense');
    });

    test('readChanges: a link the service cannot serve reads every contact again', async () => {
      const [a] = (await bc.create([bcDraft(12)])).map(ok);
      const read = await bc.readChanges('not a delta link');
      expect(read.kind).toBe('snapshot');
      expect(read.kind === 'snapshot' && read.contacts.map((c) => c.id)).toContain(a!.id);
      expect(read.deltaLink).not.toBe('');
    });

    test('findByEmails compares the E-Mail case-insensitively and leaves out deleted contacts', async () => {
      const [a, b, c] = (
        await bc.create([
          bcDraft(30, { email: 'grace.clarke@gagnon.co.uk' }),
          bcDraft(31, { email: 'Bo.Lind@Fabrikam.com' }),
          bcDraft(32, { email: "o'neil@fabrikam.com" }),
        ])
      ).map(ok);
      await env.removeContact(c!.id);
      const found = await bc.findByEmails([
        'Grace.Clarke@Gagnon.co.uk',
        'bo.lind@fabrikam.com',
        "O'Neil@fabrikam.com",
      ]);
      expect(found.map((x) => x.id).sort()).toEqual([a!.id, b!.id].sort());
      expect(await bc.findByEmails([])).toEqual([]);
    });

    // F132: BC compares the stored text as it is; an address stored decomposed (NFD) is the same
    // address as its composed form (NFC), and each is found by the other.
    test('findByEmails finds an address stored decomposed when asked composed, and the other way', async () => {
      const stored = ['jörg.nfd@bücher.example'.normalize('NFD'), 'åsa.nfc@bücher.example'.normalize('NFC')];
      const [d, c] = (
        await bc.create([bcDraft(33, { email: stored[0]! }), bcDraft(34, { email: stored[1]! })])
      ).map(ok);
      expect((await bc.findByEmails([stored[0]!.normalize('NFC')])).map((x) => x.id)).toEqual([d!.id]);
      expect((await bc.findByEmails([stored[1]!.normalize('NFD')])).map((x) => x.id)).toEqual([c!.id]);
    });

    // Keyset paging (server/bc-api/keyset.ts): a full tracked read taken over several pages while a
    // BC user changes the list. A contact missing from it loses its Outlook copy, so every contact
    // that exists before and after the read is in it, once. The change comes after page 1.
    const MID_READ: readonly (readonly [string, (byNumber: readonly BcContact[]) => Promise<void>])[] = [
      ['a contact on page 1 deleted', async (byNumber) => env.removeContact(byNumber[0]!.id)],
      [
        'a contact inserted ahead of the read',
        async () => {
          const added = ok((await bc.create([bcDraft(70)]))[0]);
          await env.renumberContact(added.id, '00-INSERTED');
        },
      ],
      [
        'a contact on page 1 renumbered to the end',
        async (byNumber) => env.renumberContact(byNumber[0]!.id, 'ZZ-RENUMBERED'),
      ],
      [
        'a contact not yet read renumbered to the front',
        async (byNumber) => env.renumberContact(byNumber.at(-2)!.id, '00-RENUMBERED'),
      ],
    ];
    test.each(MID_READ)(
      'readChanges(null) over pages of 3 with %s: every contact there throughout, once',
      async (_name, change) => {
        await bc.create(Array.from({ length: 10 }, (_, i) => bcDraft(200 + i)));
        const byNumber = [...(await bc.listAll())].sort((a, b) => byCodePoint(a.number, b.number));
        const reader = env.paged?.(3) ?? bc;
        let pages = 0;
        const read = await reader.readChanges(null, async () => {
          if (++pages === 1) await change(byNumber);
        });
        const after = new Set((await bc.listAll()).map((c) => c.id));
        expect(read.kind).toBe('snapshot');
        const ids = read.kind === 'snapshot' ? read.contacts.map((c) => c.id) : [];
        expect(ids.length).toBe(new Set(ids).size);
        const throughout = byNumber.filter((c) => after.has(c.id)).map((c) => c.id);
        expect(throughout.filter((id) => !ids.includes(id))).toEqual([]);
        if (env.paged) expect(pages).toBeGreaterThan(3);
        // Clean up: the next case starts from a list without this one's renumbered contacts.
        for (const c of await bc.listAll())
          if (c.number.startsWith('00-') || c.number.startsWith('ZZ-')) await env.removeContact(c.id);
      },
    );

    test('listAll returns every contact and no deleted one', async () => {
      const [a, b] = (await bc.create([bcDraft(20), bcDraft(21)])).map(ok);
      await env.removeContact(a!.id);
      const ids = (await bc.listAll()).map((c) => c.id);
      expect(ids).toContain(b!.id);
      expect(ids).not.toContain(a!.id);
      expect(await bc.getMany([a!.id])).toEqual([]);
    });
  });
}
