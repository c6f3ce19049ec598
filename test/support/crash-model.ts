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
   * A contact's former e-mail by its new one (an e-mail change, EditEmail): until a run carries
   * the change over, the other side's copy holds the former address (with its Outlook-only values).
   */
  readonly formerly: Map<string, string>;
  /**
   * E-mails of contacts edited on both sides since the last clean run (a clash): the Outlook copy
   * holds a change BC's value wins over, but a change still (a BC delete makes it a conflict).
   */
  readonly clashed: Set<string>;
  /**
   * A stalled run went on since the last clean run: its Outlook create may have landed after the
   * other host's run made and linked the contact (Graph takes no fencing token; seed 22). Such a
   * late copy may stand until a clean run (rule duplicates.removeOurCopy) removes it.
   */
  late: boolean;
  /** A late create landed in this case (`late` was set once): a copy the user edited may stay listed. */
  lateSeen: boolean;
  /**
   * The contact (by e-mail) the sync's filter leaves out (crash-seams.ts ScopeOut): BC holds it, its
   * Outlook copy is removed or — holding Outlook-only values — kept beside a deletedInBc conflict.
   * No user command picks it until the filter takes it in again.
   */
  scopedOut: string | null;
  /**
   * E-mails of contacts BC deleted while their Outlook copy held values BC never saw (an Outlook
   * edit, Outlook-only values: crash-scope.ts DeleteKept): the copy stays beside a deletedInBc
   * conflict until the user decides; BC holds none of the address meanwhile.
   */
  readonly gone: Set<string>;
  /**
   * `scope` moves (crash-scope.ts): a clean run leaves the left-out contact's pending edits pending
   * (no run syncs a contact out of scope, so BC's edit of it still meets an Outlook edit made after
   * it comes back in: seeds 101 and 202 of `scope`, a bcWins clash the model took for an edit).
   * Off for the other moves, so their seeds replay as they were.
   */
  holdOutEdits: boolean;
  /**
   * The conflict policy in the settings (`policy` moves, crash-policy.ts SetPolicy; bcWins for the
   * others): a clash (both sides edited a title) ends with the winner's title on both sides.
   */
  policy: 'bcWins' | 'outlookWins';
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
  formerly: new Map(),
  clashed: new Set(),
  late: false,
  lateSeen: false,
  scopedOut: null,
  gone: new Set(),
  holdOutEdits: false,
  policy: 'bcWins',
});

/**
 * A clash's end under the model's policy: the title both sides hold once a run settled it, and the
 * side the user may go on editing until then (the winner's: an edit of the loser's side would
 * meet the winner's again; design §2 "Conflicts").
 */
export const clashEnd = (model: Model, bc: string, outlook: string) =>
  model.policy === 'outlookWins'
    ? { title: outlook, side: 'outlook' as const }
    : { title: bc, side: 'bc' as const };

/** A clean run carried every edit over: no side's edits are pending. */
export function cleanRun(model: Model): void {
  const out = model.holdOutEdits ? model.scopedOut : null;
  const side = out === null ? undefined : model.dirty.get(out);
  const clashed = out !== null && model.clashed.has(out);
  model.dirty.clear();
  model.clashed.clear();
  if (out !== null && side) model.dirty.set(out, side);
  if (out !== null && clashed) model.clashed.add(out);
}

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
 * The late copies (Model.late): Outlook contacts no link holds that carry the BC id of the one
 * linked to it (else of the first read) and a create mark of their own (our-copies.ts markedOurs).
 * While `model.late` (a late create may have landed since the last clean run) any such copy may
 * stand. After a clean run only one that no longer holds the linked contact's values — the user
 * edited either since it landed — may stand: the run keeps it, listed for the user to delete by
 * hand (rule duplicates.removeOurCopy, any doubt keeps it: duplicateOfLinked; soak, policy seed
 * 1212 path 8: a clash typed into the linked copy), and only in a case where one landed.
 */
function lateCopies(
  model: Model,
  outlook: readonly OutlookContact[],
  linked: ReadonlySet<string>,
): Set<string> {
  const late = new Set<string>();
  if (!model.lateSeen) return late;
  const first = new Map<string, OutlookContact>();
  for (const o of outlook) if (o.bcId !== '' && linked.has(o.id)) first.set(o.bcId, o);
  for (const o of outlook) if (o.bcId !== '' && !first.has(o.bcId)) first.set(o.bcId, o);
  for (const o of outlook) {
    const one = first.get(o.bcId);
    const mark = o.createdBy ?? '';
    if (!one || one.id === o.id || linked.has(o.id) || mark === '' || mark === (one.createdBy ?? ''))
      continue;
    if (model.late || valuesOf(o) !== valuesOf(one)) late.add(o.id);
  }
  return late;
}

/** The ids of the linked Outlook contacts. */
async function linkedIds(real: Real): Promise<Set<string>> {
  return new Set((await linksOf(real)).map((l) => l.outlookId));
}

/**
 * The end (crash-model-run.ts settles), after its clean run: the user deletes by hand each late
 * copy the run kept and listed (duplicateOfLinked), none holding the linked contact's values.
 */
export async function deleteKeptCopies(model: Model, real: Real): Promise<number> {
  const all = await real.seat.outlookAll();
  const late = [...lateCopies({ ...model, late: false }, all, await linkedIds(real))];
  if (late.length === 0) return 0;
  const ends = await real.seat.mailboxDirect.delete(
    (await real.seat.folder()).id,
    all.filter((o) => late.includes(o.id)).map((o) => ({ id: o.id, changeKey: o.changeKey })),
  );
  expect(ends.every((r) => r.ok)).toBe(true);
  return late.length;
}

/** A contact's e-mail and every former one (Model.formerly). */
function namesOf(model: Model, email: string): string[] {
  const names = [email];
  let was = model.formerly.get(email);
  while (was !== undefined && !names.includes(was)) {
    names.push(was);
    was = model.formerly.get(was);
  }
  return names;
}

/** Whether `o` holds the extras `x` (anywhere in its list). */
export const holdsExtras = (o: OutlookContact, x: Extras): boolean => o.businessPhones.includes(x.phone);

/**
 * After every run: no contact twice on either side — but a stalled run's late copy until a clean
 * run —, every model value on some side, every Outlook-only value still in Outlook and never in BC.
 */
export async function checkStep(model: Model, real: Real): Promise<number> {
  const [bc, all, linked] = await Promise.all([real.seat.bcAll(), real.seat.outlookAll(), linkedIds(real)]);
  const late = lateCopies(model, all, linked);
  const outlook = all.filter((o) => !late.has(o.id));
  const twice = (xs: string[]) => xs.filter((x, i) => x !== '' && xs.indexOf(x) !== i);
  expect({
    bcEmails: twice(bc.map((b) => normalizeEmail(b.email))),
    outlookEmails: twice(outlook.map(emailOf)),
    outlookBcIds: twice(outlook.map((o) => o.bcId)),
  }).toEqual({ bcEmails: [], outlookEmails: [], outlookBcIds: [] });
  const bcTitle = new Map(bc.map((b) => [normalizeEmail(b.email), b.jobTitle]));
  const olTitle = new Map(outlook.map((o) => [emailOf(o), o.jobTitle ?? '']));
  // A settled field's losing value is held by its listed record alone once BC deleted the contact
  // (rule conflicts.settledKept): keeping Outlook's side writes it back (crash-scope.ts DeleteKept).
  const emailAt = new Map(outlook.map((o) => [o.id, emailOf(o)]));
  const losing = new Map<string, string>();
  for (const c of await real.seat.store.listConflicts({
    userId: real.seat.userId,
    folderId: (await real.seat.folder()).id,
  })) {
    const fields = c.record.kind === 'deletedInBc' || c.record.kind === 'fields' ? c.record.fields : [];
    const f = fields.find((x) => x.field === 'jobTitle' && x.winner === 'bc');
    if (f) losing.set(emailAt.get(c.outlookId) ?? '', f.outlook);
  }
  for (const [email, title] of model.titles)
    expect({
      email,
      kept: [bcTitle.get(email), olTitle.get(email), losing.get(email)].includes(title),
    }).toEqual({
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
    const names = namesOf(model, email);
    expect({
      email,
      inOutlook: all.some((o) => names.includes(emailOf(o)) && holdsExtras(o, x)),
      inBc: b ? [b.phoneNumber, b.mobilePhoneNumber].filter((v) => v === x.phone) : [],
    }).toEqual({ email, inOutlook: true, inBc: [] });
  }
  return late.size;
}

const bcEmail = (b: { email: string }) => normalizeEmail(b.email);

/**
 * The `pick`-th of `xs` in the order of their e-mails: the ids are random, so a pick by position
 * in a list in id order named another contact in every replay of a seed, and each case tried one
 * random order only; the e-mails are the model's own (made in order), so a seed picks the same.
 */
export function pickOf<T>(xs: readonly T[], pick: number, email: (x: T) => string): T | undefined {
  const sorted = [...xs].sort((a, b) => (email(a) < email(b) ? -1 : email(a) > email(b) ? 1 : 0));
  return sorted[pick % Math.max(1, sorted.length)];
}

/** A contact a user may edit on `side`: tracked, and not edited on the other side since the last clean run. */
const editable = (model: Model, side: 'bc' | 'outlook') => (email: string) =>
  model.titles.has(email) &&
  model.dirty.get(email) !== (side === 'bc' ? 'outlook' : 'bc') &&
  model.scopedOut !== email;

/** The linked Outlook copies a user may edit (never a late copy beside one: test/core/our-copies.test.ts). */
async function outlookFree(model: Model, real: Real): Promise<OutlookContact[]> {
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

/** Moves the model's record of contact `from` to its new e-mail `to` (an e-mail change on `side`). */
function moveEmail(model: Model, from: string, to: string, side: 'bc' | 'outlook'): void {
  const title = model.titles.get(from);
  if (title !== undefined) model.titles.set(to, title);
  model.titles.delete(from);
  const x = model.extras.get(from);
  if (x) model.extras.set(to, x);
  model.extras.delete(from);
  if (model.phoneCleared.delete(from)) model.phoneCleared.add(to);
  if (model.clashed.delete(from)) model.clashed.add(to);
  if (model.gone.delete(from)) model.gone.add(to);
  model.formerly.set(to, from);
  // The other side still holds the old address until a run: neither is the other side's to edit.
  model.dirty.set(from, side);
  model.dirty.set(to, side);
}

/** Forgets contact `email` (deleted on both sides, or never made on the other). */
export function forget(model: Model, email: string): void {
  model.titles.delete(email);
  model.clashed.delete(email);
  model.dirty.delete(email);
  model.extras.delete(email);
  model.phoneCleared.delete(email);
  model.gone.delete(email);
}

async function linksOf(real: Real) {
  return real.seat.store.listLinks({ userId: real.seat.userId, folderId: (await real.seat.folder()).id });
}

/**
 * A user changes a contact's e-mail on `side` (its primary address; the job title stays). In BC
 * only a linked contact's: a BC contact made by a create whose answer was lost, its address
 * changed in BC, is the known case left to matching (findings-soak.md), not looked for again.
 */
export class EditEmail implements Cmd {
  constructor(
    readonly side: 'bc' | 'outlook',
    readonly pick: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const to = `moved${++model.made}.${real.tag}@fabrikam.com`;
    if (this.side === 'bc') {
      const linked = new Set((await linksOf(real)).map((l) => l.bcId));
      const free = (await real.seat.bcAll()).filter(
        (b) => linked.has(b.id) && editable(model, 'bc')(normalizeEmail(b.email)),
      );
      const b = pickOf(free, this.pick, bcEmail);
      if (!b) return;
      const [r] = await real.seat.bcDirect.update([{ id: b.id, etag: b.etag, patch: { email: to } }]);
      expect(r?.ok).toBe(true);
      moveEmail(model, normalizeEmail(b.email), to, 'bc');
    } else {
      const free = await outlookFree(model, real);
      const o = pickOf(free, this.pick, emailOf);
      if (!o) return;
      const [first, ...rest] = o.emailAddresses;
      const patch = {
        displayName: o.displayName,
        emailAddresses: [{ address: to, name: first?.name ?? '' }, ...rest],
      };
      const [r] = await real.seat.mailboxDirect.update((await real.seat.folder()).id, [
        { id: o.id, changeKey: o.changeKey, patch },
      ]);
      expect(r?.ok).toBe(true);
      moveEmail(model, emailOf(o), to, 'outlook');
    }
  }
  toString = () => `e-mail change ${this.side} #${this.pick}`;
}

/**
 * A user deletes a contact on `side`, whatever the other side did since the last clean run
 * (design §2 "Deletions"). In Outlook: a contact whose BC contact stands (linked, or holding its
 * address) is made again from BC — BC's values are the model's now, the Outlook copy's own values
 * gone with it —, one BC does not hold is gone. In BC: a linked contact's Outlook copy goes with it
 * — only one without Outlook changes since the last clean run (with them it is a conflict, not
 * modelled), without Outlook-only values and without a listed conflict —; an unlinked one is made again from its Outlook
 * contact when Outlook holds one of its address.
 */
export class Delete implements Cmd {
  constructor(
    readonly side: 'bc' | 'outlook',
    readonly pick: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const [bc, all, links] = await Promise.all([real.seat.bcAll(), real.seat.outlookAll(), linksOf(real)]);
    const late = lateCopies(model, all, new Set(links.map((l) => l.outlookId)));
    const outlook = all.filter((o) => !late.has(o.id));
    if (this.side === 'outlook') {
      const free = outlook.filter((o) => model.titles.has(emailOf(o)) && model.scopedOut !== emailOf(o));
      const o = pickOf(free, this.pick, emailOf);
      if (!o) return;
      const [r] = await real.seat.mailboxDirect.delete((await real.seat.folder()).id, [
        { id: o.id, changeKey: o.changeKey },
      ]);
      expect(r?.ok).toBe(true);
      const link = links.find((l) => l.outlookId === o.id);
      const b = link
        ? bc.find((c) => c.id === link.bcId)
        : bc.find((c) => normalizeEmail(c.email) === emailOf(o));
      forget(model, emailOf(o));
      if (b) {
        model.titles.set(normalizeEmail(b.email), b.jobTitle);
        model.dirty.set(normalizeEmail(b.email), 'bc');
      }
      return;
    }
    const linked = new Set(links.map((l) => l.bcId));
    const free = bc.filter((b) => {
      const email = normalizeEmail(b.email);
      if (!model.titles.has(email) || model.scopedOut === email) return false;
      if (!linked.has(b.id)) return true;
      return model.dirty.get(email) !== 'outlook' && !model.clashed.has(email) && !model.extras.has(email);
    });
    const b = pickOf(free, this.pick, bcEmail);
    // Not BC's last contact in scope: BC returning nothing while links exist stops the run (design §2).
    if (!b || bc.length - (model.scopedOut === null ? 0 : 1) < 2) return;
    // A contact with a listed conflict keeps its copy beside a deletedInBc conflict (a settled one's
    // losing value, soak F1; not modelled): not deleted here. Skipped, not left out of `free`, so
    // the other seeds pick as they did.
    const listed = await real.seat.store.listConflicts({
      userId: real.seat.userId,
      folderId: (await real.seat.folder()).id,
    });
    if (listed.some((c) => c.bcId === b.id)) return;
    expect(await real.seat.bcDelete(b.id, b.etag)).toBe(true);
    const email = normalizeEmail(b.email);
    forget(model, email);
    const o = linked.has(b.id) ? undefined : outlook.find((c) => emailOf(c) === email);
    if (o) {
      model.titles.set(email, o.jobTitle ?? '');
      model.dirty.set(email, 'outlook');
    }
  }
  toString = () => `delete ${this.side} #${this.pick}`;
}
