import { expect } from '@jest/globals';
import fc from 'fast-check';
import { LONGEST_LEASE_MS } from '../../src/core/lease.js';
import { normalizeEmail } from '../../src/core/model.js';
import type { BcContact, OutlookContact } from '../../src/core/model.js';
import type { ConflictEntry } from '../../src/core/ports.js';
import type { ResolveResult } from '../../src/core/resolve-types.js';
import type { HostName } from './crash-hosts.js';
import { checkStep } from './crash-model-check.js';
import { clashEnd, emailOf, forget, holdsExtras, pickOf } from './crash-model.js';
import type { Cmd, Model, Real } from './crash-model.js';
import { putFilter } from './crash-seams.js';

/*
 * The crash-hosts model's `scope` moves (crash-model-arbs.ts: all of `seams`, and these; lead's
 * blind spots of the model, brief soak):
 * - a contact the filter leaves out while its Outlook copy holds an edit BC never saw (a title,
 *   or a clash: both sides edited), and Outlook edits of that copy while it is out: the copy stays
 *   beside a deletedInBc conflict (rule deletions.keepOutlookChanges), and when the filter takes
 *   the contact in again the edit reaches BC (nothing lost; a clash follows the policy);
 * - BC deleting a contact whose copy holds such values (an edit, Outlook-only values): the copy
 *   stays beside a deletedInBc conflict until the user decides;
 * - the user deciding those conflicts between runs (the pane's resolve, either side, contact by
 *   contact), then a scheduled run, then a pane run: a kept copy is one BC contact holding its
 *   values, an accepted deletion stays gone on both sides, an undecided one stays listed.
 * The model's state: Model.scopedOut, Model.gone (crash-model.ts).
 */

export const scopeTally = {
  /** Contacts left out by the filter with an edit BC never saw, by kind. */
  leftOut: {} as Record<string, number>,
  /** Outlook edits of a left-out contact's copy. */
  editedWhileOut: 0,
  /** BC deletions of a contact whose copy held values BC never saw, by what it held. */
  deletedKept: {} as Record<string, number>,
  /** The user's decisions of deletedInBc conflicts, by cause, side and how each ended. */
  decided: {} as Record<string, number>,
  /** The runs after the decisions, by host and status. */
  runsAfter: {} as Record<string, number>,
};

const count = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

async function linksOf(real: Real) {
  return real.seat.store.listLinks({ userId: real.seat.userId, folderId: (await real.seat.folder()).id });
}

async function conflictsOf(real: Real): Promise<ConflictEntry[]> {
  return real.seat.store.listConflicts({ userId: real.seat.userId, folderId: (await real.seat.folder()).id });
}

/** Each BC contact's linked Outlook copy (by the link, so never a late copy beside it). */
async function pairs(real: Real): Promise<{ b: BcContact; o: OutlookContact; email: string }[]> {
  const [bc, outlook, links] = await Promise.all([real.seat.bcAll(), real.seat.outlookAll(), linksOf(real)]);
  const olById = new Map(outlook.map((o) => [o.id, o]));
  const copyOf = new Map(links.map((l) => [l.bcId, l.outlookId]));
  return bc.flatMap((b) => {
    const o = olById.get(copyOf.get(b.id) ?? '');
    const email = normalizeEmail(b.email);
    return o && emailOf(o) === email ? [{ b, o, email }] : [];
  });
}

async function outlookTitle(real: Real, o: OutlookContact, title: string): Promise<void> {
  const [r] = await real.seat.mailboxDirect.update((await real.seat.folder()).id, [
    { id: o.id, changeKey: o.changeKey, patch: { displayName: o.displayName, jobTitle: title } },
  ]);
  expect(r?.ok).toBe(true);
}

/**
 * The user edits a linked contact in Outlook (`title`), or on both sides (`clash`), and before any
 * run the filter leaves it out (`<>` its BC e-mail; a contact left out before comes back in).
 */
class LeaveOutEdited implements Cmd {
  constructor(
    readonly pick: number,
    readonly how: 'title' | 'clash',
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const free = await freePairs(model, real);
    const p = pickOf(free, this.pick, (x) => x.email);
    if (!p) return;
    const n = ++model.made;
    if (this.how === 'clash') {
      const [r] = await real.seat.bcDirect.update([
        { id: p.b.id, etag: p.b.etag, patch: { jobTitle: `clash bc ${n}` } },
      ]);
      expect(r?.ok).toBe(true);
      await outlookTitle(real, p.o, `clash outlook ${n}`);
      // The edit stays pending while out (holdOutEdits): BC's side is marked edited whatever wins,
      // so no Outlook edit of the copy while out meets the clash (EditLeftOut).
      model.titles.set(p.email, clashEnd(model, `clash bc ${n}`, `clash outlook ${n}`).title);
      model.dirty.set(p.email, 'bc');
      model.clashed.add(p.email);
    } else {
      await outlookTitle(real, p.o, `left out ${n}`);
      model.titles.set(p.email, `left out ${n}`);
      model.dirty.set(p.email, 'outlook');
    }
    await putFilter(real, { email: `<>${p.b.email}` });
    model.scopedOut = p.email;
    count(scopeTally.leftOut, this.how);
  }
  toString = () =>
    `${this.how === 'clash' ? 'clash' : 'outlook edit'} on #${this.pick}, then the filter leaves it out`;
}

/** The user edits the left-out contact's Outlook copy (while it stands; not while BC edited it). */
class EditLeftOut implements Cmd {
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const email = model.scopedOut;
    if (email === null || model.dirty.get(email) === 'bc') return;
    const p = (await pairs(real)).find((x) => x.email === email);
    if (!p) return;
    const title = `edited while out ${++model.made}`;
    await outlookTitle(real, p.o, title);
    model.titles.set(email, title);
    model.dirty.set(email, 'outlook');
    scopeTally.editedWhileOut++;
  }
  toString = () => 'outlook edit of the left-out contact';
}

/**
 * A BC user deletes a linked contact whose Outlook copy holds a value BC never saw: an Outlook
 * title BC does not hold, or Outlook-only values (design §2 "Deletions": the copy stays, a
 * deletedInBc conflict instead). Not BC's last contact in scope.
 */
class DeleteKept implements Cmd {
  constructor(
    readonly pick: number,
    readonly typeFirst: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    if (this.typeFirst) await this.typeTitle(model, real);
    const all = await pairs(real);
    const holds = ({ b, o, email }: (typeof all)[number]) => {
      const x = model.extras.get(email);
      if (x && holdsExtras(o, x)) return 'extras';
      return model.dirty.get(email) === 'outlook' && (o.jobTitle ?? '') !== b.jobTitle ? 'edit' : null;
    };
    const free = all.filter(
      (p) =>
        model.titles.has(p.email) &&
        !model.clashed.has(p.email) &&
        model.scopedOut !== p.email &&
        holds(p) !== null,
    );
    const p = pickOf(free, this.pick, (x) => x.email);
    const inScope = (await real.seat.bcAll()).length - (model.scopedOut === null ? 0 : 1);
    if (!p || inScope < 2) return;
    // Read before the delete: a conflict the policy settled, still listed, is carried into the
    // deletedInBc record (rule conflicts.settledKept).
    const title = keptTitle(p.o, await conflictsOf(real), p.b.id);
    expect(await real.seat.bcDelete(p.b.id, p.b.etag)).toBe(true);
    // The copy is all that is left of the contact: keeping it (Outlook's side) writes its values,
    // but a settled title BC won that the copy still holds goes back to Outlook's losing value
    // (resolve-recreate.ts keptOutlookValues; test/core/settled-gone's named example).
    model.titles.set(p.email, title);
    model.dirty.set(p.email, 'outlook');
    model.phoneCleared.delete(p.email);
    model.gone.add(p.email);
    count(scopeTally.deletedKept, holds(p)!);
  }

  /** The user first types a title into a copy no side edited since the last clean run. */
  private async typeTitle(model: Model, real: Real): Promise<void> {
    const free = await freePairs(model, real);
    const p = pickOf(free, this.pick, (x) => x.email);
    if (!p) return;
    const title = `kept edit ${++model.made}`;
    await outlookTitle(real, p.o, title);
    model.titles.set(p.email, title);
    model.dirty.set(p.email, 'outlook');
  }
  toString = () =>
    `bc deletes #${this.pick} (its copy holds what BC never saw${this.typeFirst ? ': an outlook edit typed first' : ''})`;
}

/**
 * A BC delete of a copy holding what BC never saw, for named cases (crash-hosts.model.test.ts).
 *
 * @internal
 */
export const deleteKept = (pick: number, typeFirst: boolean): Cmd => new DeleteKept(pick, typeFirst);

/**
 * The title keeping Outlook's side of the copy `o` of BC contact `bcId` leaves on both sides: the
 * copy's, or the losing Outlook value of a listed settled jobTitle conflict BC won whose winner the
 * copy still holds (a later Outlook edit of the copy replaces it: the model's title then follows
 * the edit, as keptOutlookValues does).
 */
function keptTitle(o: OutlookContact, listed: readonly ConflictEntry[], bcId: string): string {
  const copy = o.jobTitle ?? '';
  const record = listed.find((c) => c.bcId === bcId)?.record;
  const fields = record?.kind === 'fields' || record?.kind === 'deletedInBc' ? record.fields : [];
  const settled = fields.find((f) => f.field === 'jobTitle' && f.winner === 'bc' && f.bc === copy);
  return settled ? settled.outlook : copy;
}

/** Applies a decision to the model: what the user chose is what both sides must show. */
function decided(
  model: Model,
  c: ConflictEntry,
  r: ResolveResult,
  email: string,
  bc: readonly BcContact[],
  copy: OutlookContact | undefined,
) {
  if (r.kind === 'deletionAccepted') {
    if (model.gone.has(email)) return forget(model, email);
    // Left out (BC still holds it): BC's values are the contact's now, the copy's own ones gone.
    const b = bc.find((x) => x.id === c.bcId);
    if (b) model.titles.set(email, b.jobTitle);
    model.extras.delete(email);
    model.dirty.delete(email);
    model.clashed.delete(email);
    return;
  }
  if (r.kind !== 'recreatedInBc') return;
  if (model.gone.delete(email) || !copy) return;
  // Left out (BC still holds it; soak F2): Outlook's changes are written to that contact, BC's own
  // values stay in the fields the copy did not change (resolve-left-scope.ts keptOverBc). The title
  // is Outlook's where the copy's was edited (a clash too: the user chose Outlook's side), and the
  // next run removes the copy as out of scope (its changes are in BC) or, holding Outlook-only
  // values, keeps it beside the conflict listed again. A settled title BC won that the copy
  // still holds goes to Outlook's losing value whatever was edited since (rule
  // conflicts.settledKept, keptOutlookValues; soak policy seed 2024 path 11: a clash settled by a
  // clean run, the contact then left out, kept: the model held BC's winner).
  const title = keptTitle(copy, [c], c.bcId);
  if (model.dirty.get(email) === 'outlook' || model.clashed.has(email) || title !== (copy.jobTitle ?? ''))
    model.titles.set(email, title);
  model.dirty.delete(email);
  model.clashed.delete(email);
}

export interface ScopeParts {
  /** A delta run of `host` without faults; its outcome's status and whether it ran clean. */
  run(host: HostName, model: Model, real: Real): Promise<{ status: string; clean: boolean }>;
}

/**
 * The user decides the listed deletedInBc conflicts in the pane (`sides`: Outlook's side for true,
 * contact by contact in their order), then a scheduled run and a pane run follow. After them: a
 * copy kept is one BC contact holding its title; a deletion BC made and the user accepted is gone
 * from both sides; every deletion still undecided is listed (once the pane's run ran clean).
 */
class DecideDeletions implements Cmd {
  constructor(
    readonly parts: ScopeParts,
    readonly sides: readonly boolean[],
    readonly host: HostName,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const listed = (await conflictsOf(real)).filter((c) => c.record.kind === 'deletedInBc');
    if (listed.length === 0) return;
    const [bc, outlook] = await Promise.all([real.seat.bcAll(), real.seat.outlookAll()]);
    const emailAt = new Map(outlook.map((o) => [o.id, emailOf(o)]));
    const olById = new Map(outlook.map((o) => [o.id, o]));
    const sideOf = (c: ConflictEntry, i: number): 'bc' | 'outlook' =>
      this.sides[i % Math.max(1, this.sides.length)] ? 'outlook' : 'bc';
    const chosen = new Map(listed.map((c, i) => [c.bcId, sideOf(c, i)]));
    const kept: string[] = [];
    const dropped: string[] = [];
    for (const side of ['bc', 'outlook'] as const) {
      const ends = await real.seat.resolveAll(
        (c) => chosen.get(c.bcId) !== side,
        side,
        (c, r) => {
          const email = emailAt.get(c.outlookId) ?? '';
          const wasGone = model.gone.has(email);
          decided(model, c, r, email, bc, olById.get(c.outlookId));
          if (r.kind === 'recreatedInBc' && wasGone) kept.push(email);
          if (r.kind === 'deletionAccepted' && wasGone) dropped.push(email);
        },
      );
      const cause = (c: ConflictEntry) => (c.record.kind === 'deletedInBc' ? c.record.reason.kind : '');
      const causes = listed.filter((c) => chosen.get(c.bcId) === side).map(cause);
      ends.forEach((end, i) => count(scopeTally.decided, `${causes[i] ?? '?'} ${side} ${end}`));
      // BC holds no other contact of a listed one's address (checkStep): keeping Outlook's side is
      // never refused as invalid for BC; a contact that only left scope was, as its own duplicate
      // (soak F2, resolve-left-scope.ts).
      if (side === 'outlook') expect(ends.filter((e) => e === 'invalidForBc')).toEqual([]);
    }
    await checkStep(model, real);
    const first = await this.parts.run(this.host, model, real);
    count(scopeTally.runsAfter, `${this.host} ${first.status}`);
    const pane = await this.parts.run('pane', model, real);
    count(scopeTally.runsAfter, `pane ${pane.status}`);
    await checkStep(model, real);
    const [bcNow, olNow, conflicts] = await Promise.all([
      real.seat.bcAll(),
      real.seat.outlookAll(),
      conflictsOf(real),
    ]);
    const holding = (xs: readonly { email: string }[], email: string) =>
      xs.filter((x) => normalizeEmail(x.email) === email).length;
    const olEmails = olNow.map((o) => ({ email: emailOf(o) }));
    expect({
      kept: kept.map((e) => [
        e,
        holding(bcNow, e),
        bcNow.find((b) => normalizeEmail(b.email) === e)?.jobTitle,
      ]),
      dropped: dropped.map((e) => [e, holding(bcNow, e), holding(olEmails, e)]),
    }).toEqual({
      kept: kept.map((e) => [e, 1, model.titles.get(e)]),
      dropped: dropped.map((e) => [e, 0, 0]),
    });
    if (!pane.clean) return;
    // Still undecided: its copy stands beside a listed deletedInBc conflict.
    const listedAt = new Set(
      conflicts.filter((c) => c.record.kind === 'deletedInBc').map((c) => c.outlookId),
    );
    for (const email of model.gone)
      expect({ email, listed: olNow.some((o) => emailOf(o) === email && listedAt.has(o.id)) }).toEqual({
        email,
        listed: true,
      });
  }
  toString = () =>
    `decide deletions (${this.sides.map((s) => (s ? 'outlook' : 'bc')).join(' ')}), then ${this.host} and pane runs`;
}

/**
 * The commands for named cases (crash-hosts.model.test.ts): a contact left out after an edit, the
 * user's decisions of the listed deletions then `host`'s and a pane run.
 *
 * @internal
 */
export const scopeSteps = {
  leaveOut: (pick: number, how: 'title' | 'clash'): Cmd => new LeaveOutEdited(pick, how),
  decide: (parts: ScopeParts, sides: readonly boolean[], host: HostName): Cmd =>
    new DecideDeletions(parts, sides, host),
};

/**
 * The end (crash-model-settles.ts settles): the user keeps every copy BC deleted that is still
 * undecided, so the clean runs after hold every model value on both sides.
 */
export async function keepGone(model: Model, real: Real): Promise<void> {
  if (model.gone.size === 0) return;
  let outlook = await real.seat.outlookAll();
  let emailAt = new Map(outlook.map((o) => [o.id, emailOf(o)]));
  const listed = new Set(
    (await conflictsOf(real))
      .filter((c) => c.record.kind === 'deletedInBc')
      .map((c) => emailAt.get(c.outlookId)),
  );
  // A deletion no run saw yet is listed by the next one (without faults).
  if ([...model.gone].some((e) => !listed.has(e))) {
    const outcome = await real.seat.run('pane', 'delta', null, null).done;
    count(scopeTally.runsAfter, `end pane ${outcome?.record.status ?? 'threw'}`);
    outlook = await real.seat.outlookAll();
    emailAt = new Map(outlook.map((o) => [o.id, emailOf(o)]));
  }
  const keep = () =>
    real.seat.resolveAll(
      (c) => c.record.kind !== 'deletedInBc' || !model.gone.has(emailAt.get(c.outlookId) ?? ''),
      'outlook',
      (c) => model.gone.delete(emailAt.get(c.outlookId) ?? ''),
    );
  let ends = await keep();
  // A run that died holding the folder's lease refuses the resolve (runInProgress) until the lease
  // lapses: the user tries again once it has (seed 202: a pane run died after listing the deletion).
  // The longest any holder is granted, not LEASE_TTL_MS: a pane closed mid-run may leave a lease
  // whose take was in flight as the page went, held up to LONGEST_LEASE_MS (crash-landed.ts
  // PaneClosed; soak landed seed 5151, path "4": a wait of LEASE_TTL_MS + 1 was refused again).
  if (ends.includes('runInProgress')) {
    for (const end of ends) count(scopeTally.decided, `end outlook ${end}`);
    real.seat.wait(LONGEST_LEASE_MS + 1);
    ends = await keep();
  }
  for (const end of ends) count(scopeTally.decided, `end outlook ${end}`);
  expect([...model.gone]).toEqual([]);
}

/**
 * The `scope` moves' commands (beside `seams`' own, some 25): each twice or more, so a case of 24
 * commands meets a deletion and its decision (12 cases of seed 4711 with each once: no decision).
 */
export function scopeCommands(parts: ScopeParts): fc.Arbitrary<Cmd>[] {
  const leaveOut = fc
    .tuple(fc.nat(40), fc.constantFrom<'title' | 'clash'>('title', 'title', 'clash'))
    .map(([p, how]) => new LeaveOutEdited(p, how));
  const deleteKept = fc.tuple(fc.nat(40), fc.boolean()).map(([p, t]) => new DeleteKept(p, t));
  const decide = fc
    .tuple(
      fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
      fc.constantFrom<HostName>('schedule', 'scheduleStore', 'cli'),
    )
    .map(([sides, host]) => new DecideDeletions(parts, sides, host));
  return [
    leaveOut,
    leaveOut,
    fc.constant(new EditLeftOut()),
    deleteKept,
    deleteKept,
    deleteKept,
    decide,
    decide,
    decide,
  ];
}

/** The pairs a step may edit: titled in the model, no side edited since the last clean run, in scope, not gone. */
async function freePairs(model: Model, real: Real) {
  return (await pairs(real)).filter(
    ({ email }) =>
      model.titles.has(email) &&
      !model.dirty.has(email) &&
      model.scopedOut !== email &&
      !model.gone.has(email),
  );
}
