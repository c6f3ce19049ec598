import type fc from 'fast-check';
import { normalizeEmail } from '../../src/core/model.js';
import type { OutlookContact } from '../../src/core/model.js';
import type { CrashSeat } from './crash-hosts.js';

/*
 * The crash-hosts model's state and the small helpers its commands share
 * (test/server/crash-hosts.model.test.ts): the checks after every run in crash-model-check.ts, the
 * user's edits in crash-model-edits.ts, e-mail changes and deletes in crash-model-moves.ts, the runs
 * in crash-model-run.ts.
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

/** Whether `o` holds the extras `x` (anywhere in its list). */
export const holdsExtras = (o: OutlookContact, x: Extras): boolean => o.businessPhones.includes(x.phone);

/** Forgets contact `email` (deleted on both sides, or never made on the other). */
export function forget(model: Model, email: string): void {
  model.titles.delete(email);
  model.clashed.delete(email);
  model.dirty.delete(email);
  model.extras.delete(email);
  model.phoneCleared.delete(email);
  model.gone.delete(email);
}

/** The links of the seat's folder. */
export async function linksOf(real: Real) {
  return real.seat.store.listLinks({ userId: real.seat.userId, folderId: (await real.seat.folder()).id });
}

export const bcEmail = (b: { email: string }) => normalizeEmail(b.email);

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
export const editable = (model: Model, side: 'bc' | 'outlook') => (email: string) =>
  model.titles.has(email) &&
  model.dirty.get(email) !== (side === 'bc' ? 'outlook' : 'bc') &&
  model.scopedOut !== email;
