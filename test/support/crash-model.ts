import { expect } from '@jest/globals';
import type fc from 'fast-check';
import { normalizeEmail } from '../../src/core/model.js';
import type { OutlookContact } from '../../src/core/model.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import type { CrashSeat } from './crash-hosts.js';
import { outlookPerson } from './world.js';

/*
 * The crash-hosts model's state, its checks after every run and the user's commands between runs
 * (test/server/crash-hosts.model.test.ts; runs in crash-model-run.ts).
 */

/** A value a user typed into an Outlook copy that BC has no field for (a second business phone). */
export interface Extras {
  readonly phone: string;
}

export interface Model {
  /** The jobTitle each tracked contact (by email) must end with. */
  readonly titles: Map<string, string>;
  /** The side an email was edited on since the last clean run (the other side leaves it alone). */
  readonly dirty: Map<string, 'bc' | 'outlook'>;
  /** Outlook-only values by contact e-mail: never moved, deleted or read into BC (design §2). */
  readonly extras: Map<string, Extras>;
  /** E-mails whose business phone BC cleared: it ends empty on both sides, the extra phone stays. */
  readonly phoneCleared: Set<string>;
  made: number;
  /**
   * A stalled run went on since the last clean run: its Outlook create may have landed after the
   * other host's run made and linked the contact (Graph takes no fencing token; seed 22). Such a
   * late copy may stand until a clean run (rule duplicates.removeOurCopy) removes it.
   */
  late: boolean;
}

export interface Real {
  readonly seat: CrashSeat;
  readonly tag: string;
}

export type Cmd = fc.AsyncCommand<Model, Real, false>;

export const newModel = (): Model => ({
  titles: new Map(),
  dirty: new Map(),
  extras: new Map(),
  phoneCleared: new Set(),
  made: 0,
  late: false,
});

export const emailOf = (o: { emailAddresses: readonly { address: string }[] }) =>
  normalizeEmail(o.emailAddresses[0]?.address ?? '');

/**
 * A contact's synced values (not its identity, create mark, or the values BC has no field for): a
 * late copy holds the linked one's.
 */
const valuesOf = (o: OutlookContact) => {
  const { id: _id, changeKey: _changeKey, createdBy: _createdBy, ...values } = o;
  return JSON.stringify({
    ...values,
    businessPhones: values.businessPhones.slice(0, 1),
  });
};

/**
 * The Outlook contacts beside the first of each BC id that are late copies: our creates (marked)
 * holding the same values. Only while a stalled run's late create may stand (`model.late`).
 */
function lateCopies(model: Model, outlook: readonly OutlookContact[]): Set<string> {
  const late = new Set<string>();
  if (!model.late) return late;
  const first = new Map<string, OutlookContact>();
  for (const o of outlook) {
    const one = first.get(o.bcId);
    if (o.bcId === '' || !one) first.set(o.bcId, o);
    else if ((o.createdBy ?? '') !== '' && valuesOf(o) === valuesOf(one)) late.add(o.id);
  }
  return late;
}

/** Whether `o` holds the extras `x` (anywhere in its list). */
export const holdsExtras = (o: OutlookContact, x: Extras): boolean => o.businessPhones.includes(x.phone);

/**
 * After every run: no contact twice on either side — but a stalled run's late copy until a clean
 * run —, every model value on some side, every Outlook-only value still in Outlook and never in BC.
 */
export async function checkStep(model: Model, real: Real): Promise<number> {
  const [bc, all] = await Promise.all([real.seat.bcAll(), real.seat.outlookAll()]);
  const late = lateCopies(model, all);
  const outlook = all.filter((o) => !late.has(o.id));
  const twice = (xs: string[]) => xs.filter((x, i) => x !== '' && xs.indexOf(x) !== i);
  expect({
    bcEmails: twice(bc.map((b) => normalizeEmail(b.email))),
    outlookEmails: twice(outlook.map(emailOf)),
    outlookBcIds: twice(outlook.map((o) => o.bcId)),
  }).toEqual({ bcEmails: [], outlookEmails: [], outlookBcIds: [] });
  const bcTitle = new Map(bc.map((b) => [normalizeEmail(b.email), b.jobTitle]));
  const olTitle = new Map(outlook.map((o) => [emailOf(o), o.jobTitle ?? '']));
  for (const [email, title] of model.titles)
    expect({ email, kept: [bcTitle.get(email), olTitle.get(email)].includes(title) }).toEqual({
      email,
      kept: true,
    });
  const bcOf = new Map(bc.map((b) => [normalizeEmail(b.email), b]));
  if (process.env.CRASH_MODEL_DEBUG)
    for (const email of model.extras.keys())
      process.stdout.write(
        `${email}: bc ${JSON.stringify(bcOf.get(email)?.phoneNumber)} outlook ${JSON.stringify(
          all.filter((o) => emailOf(o) === email).map((o) => [o.id.slice(-6), o.businessPhones, o.jobTitle]),
        )} links ${JSON.stringify(
          (
            await real.seat.store.listLinks({
              userId: real.seat.userId,
              folderId: (await real.seat.folder()).id,
            })
          )
            .filter((l) => normalizeEmail(l.base.email) === email)
            .map((l) => [l.base.phoneNumber, l.outlookOwn]),
        )} conflicts ${JSON.stringify(
          await real.seat.store.listConflicts({
            userId: real.seat.userId,
            folderId: (await real.seat.folder()).id,
          }),
        )}\n`,
      );
  for (const [email, x] of model.extras) {
    const b = bcOf.get(email);
    expect({
      email,
      inOutlook: all.some((o) => emailOf(o) === email && holdsExtras(o, x)),
      inBc: b ? [b.phoneNumber, b.mobilePhoneNumber].filter((v) => v === x.phone) : [],
    }).toEqual({ email, inOutlook: true, inBc: [] });
  }
  return late.size;
}

/** A contact a user may edit on `side`: tracked, and not edited on the other side since the last clean run. */
const editable = (model: Model, side: 'bc' | 'outlook') => (email: string) =>
  model.titles.has(email) && model.dirty.get(email) !== (side === 'bc' ? 'outlook' : 'bc');

/** The linked Outlook copies a user may edit (never a late copy beside one: test/core/our-copies.test.ts). */
async function outlookFree(model: Model, real: Real): Promise<OutlookContact[]> {
  const all = await real.seat.outlookAll();
  const late = lateCopies(model, all);
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
      const b = free[this.pick % Math.max(1, free.length)];
      if (!b) return;
      const [r] = await real.seat.bcDirect.update([{ id: b.id, etag: b.etag, patch: { jobTitle: title } }]);
      expect(r?.ok).toBe(true);
      model.titles.set(normalizeEmail(b.email), title);
      model.dirty.set(normalizeEmail(b.email), 'bc');
    } else {
      const free = await outlookFree(model, real);
      const o = free[this.pick % Math.max(1, free.length)];
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
    const o = free[this.pick % Math.max(1, free.length)];
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
    const b = among[this.pick % Math.max(1, among.length)];
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
