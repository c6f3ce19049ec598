import { expect } from '@jest/globals';
import { normalizeEmail } from '../../src/core/model.js';
import type { OutlookContact } from '../../src/core/model.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { lateCopies, linkedIds } from './crash-model-check.js';
import { bcEmail, editable, emailOf, pickOf } from './crash-model.js';
import type { Cmd, Extras, Model, Real } from './crash-model.js';
import { outlookPerson } from './world.js';

/*
 * The crash-hosts model's user edits between runs: a title on either side, a new contact, an
 * Outlook-only value, BC clearing a phone (crash-model.ts holds the model's state).
 */

/** The linked Outlook copies a user may edit (never a late copy beside one: test/core/our-copies.test.ts). */
export async function outlookFree(model: Model, real: Real): Promise<OutlookContact[]> {
  const [all, linked] = await Promise.all([real.seat.outlookAll(), linkedIds(real)]);
  const late = lateCopies(model, all, linked);
  return all.filter((o) => editable(model, 'outlook')(emailOf(o)) && !late.has(o.id));
}

export class Edit implements Cmd {
  constructor(
    readonly side: 'bc' | 'outlook',
    readonly pick: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const title = `${this.side} edit ${++model.made}`;
    if (this.side === 'bc') {
      const free = (await real.seat.bcAll()).filter((b) => editable(model, 'bc')(normalizeEmail(b.email)));
      const b = pickOf(free, this.pick, bcEmail);
      if (!b) return;
      const [r] = await real.seat.bcDirect.update([{ id: b.id, etag: b.etag, patch: { jobTitle: title } }]);
      expect(r?.ok).toBe(true);
      model.titles.set(normalizeEmail(b.email), title);
      model.dirty.set(normalizeEmail(b.email), 'bc');
    } else {
      const free = await outlookFree(model, real);
      const o = pickOf(free, this.pick, emailOf);
      if (!o) return;
      const [r] = await real.seat.mailboxDirect.update((await real.seat.folder()).id, [
        { id: o.id, changeKey: o.changeKey, patch: { displayName: o.displayName, jobTitle: title } },
      ]);
      expect(r?.ok).toBe(true);
      model.titles.set(emailOf(o), title);
      model.dirty.set(emailOf(o), 'outlook');
    }
  }
  toString = () => `edit ${this.side} #${this.pick}`;
}

export class Add implements Cmd {
  constructor(readonly side: 'bc' | 'outlook') {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const n = ++model.made;
    const email = `new${n}.${real.tag}@fabrikam.com`;
    const title = `made in ${this.side} ${n}`;
    if (this.side === 'bc') {
      const [r] = await real.seat.bcDirect.create([bcDraft(200 + n, { email, jobTitle: title })]);
      expect(r?.ok).toBe(true);
    } else {
      const draft = outlookPerson(200 + n, {
        jobTitle: title,
        emailAddresses: [{ address: email, name: '' }],
      });
      const [r] = await real.seat.mailboxDirect.create((await real.seat.folder()).id, [draft]);
      expect(r?.ok).toBe(true);
    }
    model.titles.set(email, title);
    model.dirty.set(email, this.side);
  }
  toString = () => `add ${this.side}`;
}

/**
 * The user types a value BC has no field for into a linked Outlook copy: a second business phone
 * beside BC's (docs/sync-rules.md "Owned values": with BC's field holding a value, a new entry is
 * Outlook's own). The copy's synced values stay as they are: not an Outlook change.
 */
export class AddExtras implements Cmd {
  constructor(readonly pick: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const free = (await outlookFree(model, real)).filter(
      (o) => o.bcId !== '' && !model.extras.has(emailOf(o)) && o.businessPhones.length === 1,
    );
    const o = pickOf(free, this.pick, emailOf);
    if (!o) return;
    const x: Extras = { phone: `+44 20 7946 0${String(++model.made).padStart(3, '0')}` };
    const patch = { displayName: o.displayName, businessPhones: [...o.businessPhones, x.phone] };
    const [r] = await real.seat.mailboxDirect.update((await real.seat.folder()).id, [
      { id: o.id, changeKey: o.changeKey, patch },
    ]);
    expect(r?.ok).toBe(true);
    model.extras.set(emailOf(o), x);
  }
  toString = () => `extra phone on outlook #${this.pick}`;
}

/** A BC user clears a contact's business phone (preferring one whose Outlook copy holds extras). */
export class ClearPhone implements Cmd {
  constructor(readonly pick: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const free = (await real.seat.bcAll()).filter(
      (b) => b.phoneNumber !== '' && editable(model, 'bc')(normalizeEmail(b.email)),
    );
    const withExtras = free.filter((b) => model.extras.has(normalizeEmail(b.email)));
    const among = withExtras.length > 0 ? withExtras : free;
    const b = pickOf(among, this.pick, bcEmail);
    if (!b) return;
    const title = `bc cleared phone ${++model.made}`;
    const [r] = await real.seat.bcDirect.update([
      { id: b.id, etag: b.etag, patch: { phoneNumber: '', jobTitle: title } },
    ]);
    expect(r?.ok).toBe(true);
    const email = normalizeEmail(b.email);
    model.titles.set(email, title);
    model.dirty.set(email, 'bc');
    model.phoneCleared.add(email);
  }
  toString = () => `clear phone in bc #${this.pick}`;
}
