import { describe, expect, test } from '@jest/globals';
import { resolveConflict } from '../../src/core/resolve.js';
import type { BcContact, OutlookContact } from '../../src/core/model.js';
import { World, person } from '../support/world.js';

// Attack F4 (2026-12-07): BC cleared the e-mail of a synced contact whose copy held more addresses
// of its own; "Keep Outlook" let the copy go (it holds values BC has no field for) but first wrote
// BC's values into it, the cleared e-mail among them: the address was gone from both sides. The
// kind: a value the side the user kept holds is emptied by the other side's clear. Over every way
// the contact leaves scope (and a BC clear of another field beside it) and every kind of value only
// Outlook holds, each value the copy held is still held afterwards, by the copy or by BC, through
// the resolve and the runs after it.

type Leaving = 'noEmail' | 'noName' | 'filter' | 'filterAndPhoneCleared';
type Extra = 'secondPhone' | 'moreAddresses';
const LEAVING: readonly Leaving[] = ['noEmail', 'noName', 'filter', 'filterAndPhoneCleared'];
const EXTRAS: readonly Extra[] = ['secondPhone', 'moreAddresses'];

async function keptApart(leaving: Leaving, extra: Extra) {
  const w = new World();
  await w.settings({ massDeleteShare: 1, filter: { city: 'London' } });
  const a = w.bc.seed(person(1, { jobTitle: 'Buyer', phoneNumber: '+44 20 7946 0000' }));
  w.bc.seed(person(2));
  w.bc.seed(person(3));
  await w.sync('full');
  const o = (await w.outlookByBcId(a.id))!;
  const primary = o.emailAddresses[0]!;
  w.mailbox.userEdit(o.id, {
    jobTitle: 'Procurement Lead',
    ...(extra === 'secondPhone'
      ? { businessPhones: [...o.businessPhones, '+45 1234 5678'] }
      : {
          emailAddresses: [
            primary,
            { address: 'second@example.com', name: 'second' },
            { address: 'third@example.com', name: 'third' },
          ],
        }),
  });
  if (leaving === 'noEmail') w.bc.edit(a.id, { email: '' });
  else if (leaving === 'noName') w.bc.edit(a.id, { displayName: '', firstName: '', surname: '' });
  else if (leaving === 'filter') w.bc.edit(a.id, { city: 'Paris' });
  else w.bc.edit(a.id, { city: 'Paris', phoneNumber: '' });
  w.later();
  await w.sync('delta');
  const [c] = await w.store.listConflicts(await w.scope());
  expect(c?.record).toMatchObject({ kind: 'deletedInBc', reason: { kind: 'outOfScope' } });
  const held = valuesOfCopy((await w.outlook()).find((x) => x.id === o.id)!);
  const result = await resolveConflict(
    { bc: w.bc, mailbox: w.mailbox, store: w.store },
    await w.scope(),
    a.id,
    {
      kind: 'all',
      side: 'outlook',
    },
  );
  return { w, a, o, held, result, primary: primary.address };
}

/** The values a copy holds in the fields BC syncs, by field; e-mail addresses lower-cased. */
function valuesOfCopy(c: OutlookContact): Record<string, string[]> {
  const one = (v: string) => (v.trim() === '' ? [] : [v]);
  return {
    displayName: one(c.displayName),
    givenName: one(c.givenName),
    surname: one(c.surname),
    jobTitle: one(c.jobTitle),
    mobilePhone: one(c.mobilePhone),
    city: one(c.businessAddress.city),
    businessPhones: c.businessPhones.filter((v) => v.trim() !== ''),
    emailAddresses: c.emailAddresses.map((e) => e.address.toLowerCase()),
  };
}

function valuesOfBc(b: BcContact | undefined): string[] {
  if (!b) return [];
  return Object.values(b)
    .filter((v): v is string => typeof v === 'string')
    .map((v) => (v.includes('@') ? v.toLowerCase() : v));
}

/**
 * The values `held` had that are now nowhere: not in the copy, not in BC, and (a field of one value)
 * their field of the copy emptied. A value BC replaced (the copy's field holds BC's new one) is BC's
 * change, not a loss; each address and phone of a list counts on its own.
 */
const LISTS = new Set(['businessPhones', 'emailAddresses']);

async function lostValues(w: World, a: BcContact, o: OutlookContact, held: Record<string, string[]>) {
  const copy = (await w.outlook()).find((x) => x.id === o.id);
  const now = copy ? valuesOfCopy(copy) : {};
  const anywhere = new Set([...Object.values(now).flat(), ...valuesOfBc(w.bc.peek(a.id))]);
  return Object.entries(held).flatMap(([field, values]) =>
    LISTS.has(field) || (now[field] ?? []).length === 0
      ? values.filter((v) => !anywhere.has(v)).map((v) => `${field}: ${v}`)
      : [],
  );
}

describe('keeping Outlook’s side never empties a value the kept copy holds (attack F4)', () => {
  test.each(LEAVING.flatMap((l) => EXTRAS.map((e) => [l, e] as const)))(
    '%s, copy with %s: every value it held is still held, after the resolve and the runs after',
    async (leaving, extra) => {
      const { w, a, o, held, result } = await keptApart(leaving, extra);
      expect(result).toMatchObject({ kind: 'recreatedInBc', bcId: a.id, outlookId: o.id });
      expect(await lostValues(w, a, o, held)).toEqual([]);
      w.later();
      await w.sync('delta');
      await w.sync('full');
      expect(await lostValues(w, a, o, held)).toEqual([]);
      // The choice was Outlook's: its edit is in BC.
      expect(w.bc.peek(a.id)?.jobTitle).toBe('Procurement Lead');
    },
  );

  test('named example: BC clears the e-mail, the copy holds two more addresses; its primary address stays', async () => {
    const { w, a, o, result, primary } = await keptApart('noEmail', 'moreAddresses');
    expect(result).toMatchObject({ kind: 'recreatedInBc', bcId: a.id, outlookId: o.id });
    w.later();
    await w.sync('delta');
    const copy = (await w.outlook()).find((x) => x.id === o.id);
    expect(copy?.emailAddresses.map((e) => e.address.toLowerCase())).toEqual([
      primary.toLowerCase(),
      'second@example.com',
      'third@example.com',
    ]);
    // BC's clear is BC's: its contact stays without an e-mail, out of scope, and nothing is listed again.
    expect(w.bc.peek(a.id)?.email).toBe('');
    expect(await w.store.listConflicts(await w.scope())).toEqual([]);
  });
});
