import { SentFields, sentDigest, sentFieldDigests } from './sent-base.js';
import { sentAheadOf } from './sent-ahead.js';
import type { SentAhead } from './sent-ahead.js';
import { normalizeEmail } from './model.js';
import type { SyncFields } from './model.js';
import type { SyncScope, SyncStateStore } from './ports.js';

/*
 * Creates whose answer may be lost, recorded in the scope's one list of pending creates
 * (SyncStateStore add/list/clearPendingCreates) before they go out, and looked for by the next run
 * of any host before it plans (rule runs.resume, run-steps.ts recoverPendingCreates, BC creates:
 * recover-bc-creates.ts). Each entry is
 * a text key naming what finds the created contact again on the side it was made:
 * - an Outlook create (BC → Outlook): the BC id, which the Outlook contact carries (an extended
 *   property), found again by BC id (Mailbox.findByBcIds), and the digest of the values sent;
 * - a BC create (Outlook → BC): the Outlook contact's id and the E-Mail the create sent, found again
 *   by that address (BcContacts.findByEmails): the one value a BC contact carries of its create.
 *   Before this record the next run looked the contact up only by the Outlook contact's e-mail as it
 *   is then; when the user had changed it meanwhile the look-up missed, a second BC contact was made
 *   and the first was left unlinked (trust lead 2).
 * A BC create's key is JSON text ({"outlookId":…,"email":…,"sent":…,"fields":…[,"id":…]}, at most
 * ~450 characters: a Graph id, an address BC holds, a 28-character digest of the values sent, their
 * 95-character per-field digests and, where known ahead, the 36-character id BC gives the contact,
 * within the state routes' id length of 500); an Outlook create's
 * is JSON text too ({"bcId":…,"sent":…,"fields":…}), and a bare BC id (a GUID, never JSON) is an
 * Outlook create's entry of an earlier release. An entry without "fields" (written before them)
 * is read with the whole digest alone. An update sent ahead of its link's save has an entry too
 * (sent-ahead.ts). The kinds share the list, its store writes and the run end's clearing unchanged.
 */

/** A BC create recorded as pending: its entry (`key`), the Outlook contact it imports, the address it sent. */
export interface PendingBcCreate {
  readonly key: string;
  readonly outlookId: string;
  /** Normalized (normalizeEmail). */
  readonly email: string;
  /** sentDigest of the values the create sent. */
  readonly sent: string;
  /** Their per-field digests (sentFieldDigests); null in an entry written before them. */
  readonly fields: SentFields | null;
  /**
   * The id BC gives the create's contact, where the adapter knew it ahead (BcContacts.createdIdOf:
   * a BC naming keyed creates); absent otherwise, or in an entry written before it.
   */
  readonly id?: string;
}

/**
 * The pending-create entry of a BC create importing Outlook contact `outlookId` with values
 * `fields` (and the id its contact gets, when known); null for a draft without an address
 * (nothing could find it again).
 */
function pendingBcCreateKey(outlookId: string, fields: SyncFields, id: string | null): string | null {
  const address = normalizeEmail(fields.email);
  if (address === '') return null;
  return JSON.stringify({
    outlookId,
    email: address,
    sent: sentDigest(fields),
    fields: sentFieldDigests(fields),
    ...(id === null ? {} : { id }),
  });
}

/**
 * An Outlook create recorded as pending: its entry (`key`), the BC contact it copies, and the
 * digest of the values it sent (null in an entry of a release before it: the BC id alone).
 */
export interface PendingOutlookCreate {
  readonly key: string;
  readonly bcId: string;
  readonly sent: string | null;
  /** Per-field digests of the values sent (sentFieldDigests); null in an entry written before them. */
  readonly fields: SentFields | null;
}

/**
 * The pending-create entry of an Outlook create copying BC contact `bcId` with values `fields`:
 * JSON text ({"bcId":…,"sent":…,"fields":…}, about 185 characters), so the next run can tell an edit made to
 * the copy since from the values it was made with (soak F2's kind: an Outlook edit of a copy whose
 * create answer was lost was taken for the base and overwritten by BC's older values).
 */
export function pendingOutlookCreateKey(bcId: string, fields: SyncFields): string {
  return JSON.stringify({ bcId, sent: sentDigest(fields), fields: sentFieldDigests(fields) });
}

/** The stored entries by kind: Outlook creates, BC creates, and updates sent ahead of their links. */
export function pendingCreatesOf(keys: readonly string[]): {
  outlook: PendingOutlookCreate[];
  bc: PendingBcCreate[];
  updates: SentAhead[];
} {
  const outlook: PendingOutlookCreate[] = [];
  const bc: PendingBcCreate[] = [];
  const updates: SentAhead[] = [];
  for (const key of keys) {
    if (!key.startsWith('{')) {
      outlook.push({ key, bcId: key, sent: null, fields: null });
      continue;
    }
    const value = jsonOf(key);
    const update = value && sentAheadOf(key, value);
    if (update) {
      updates.push(update);
      continue;
    }
    const parsed = value && (bcCreateOf(key, value) ?? outlookCreateOf(key, value));
    // An entry no release of ours wrote is left out (and cleared with the rest).
    if (parsed && 'outlookId' in parsed) bc.push(parsed);
    else if (parsed) outlook.push(parsed);
  }
  return { outlook, bc, updates };
}

function jsonOf(key: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(key);
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

function bcCreateOf(key: string, value: Record<string, unknown>): PendingBcCreate | null {
  const { outlookId, email, sent, fields, id } = value;
  if (typeof outlookId !== 'string' || typeof email !== 'string' || outlookId === '' || email === '')
    return null;
  if (typeof sent !== 'string' || sent === '') return null;
  const entry = { key, outlookId, email, sent, fields: SentFields.of(fields) };
  return typeof id === 'string' && id !== '' ? { ...entry, id } : entry;
}

function outlookCreateOf(key: string, value: Record<string, unknown>): PendingOutlookCreate | null {
  const { bcId, sent, fields } = value;
  if (typeof bcId !== 'string' || bcId === '' || typeof sent !== 'string' || sent === '') return null;
  return { key, bcId, sent, fields: SentFields.of(fields) };
}

/**
 * One group's BC creates as pending entries: recorded (`recorded`, one store write started at once,
 * beside the group's announce and look-up) before any of them goes out; an entry whose create is
 * settled (answered, refused, or never sent) is to be cleared once its link is stored (`settledKeys`,
 * with the run's end). An unknown outcome stays pending for the next run.
 */
export class PendingBcGroup {
  private readonly keyOf = new Map<string, string>();
  private readonly settled = new Set<string>();
  /** The entries' store write; rejected: none of the group may go out. Observed: never unhandled. */
  readonly recorded: Promise<void>;

  constructor(
    store: Pick<SyncStateStore, 'addPendingCreates'>,
    scope: SyncScope,
    drafts: readonly { readonly outlookId: string; readonly fields: SyncFields }[],
    /**
     * The ids the drafts' contacts get, by Outlook id, where the adapter knew them (createdIdOf),
     * or is asking (createdIdsAhead): the entries are written once it answered.
     */
    createdIds: ReadonlyMap<string, string> | Promise<ReadonlyMap<string, string>> = new Map(),
    /** Entries of the updates sent after the group's creates (sent-ahead.ts): in the same store write. */
    along: readonly string[] = [],
  ) {
    const write = (ids: ReadonlyMap<string, string>): Promise<void> => {
      for (const d of drafts) {
        const key = pendingBcCreateKey(d.outlookId, d.fields, ids.get(d.outlookId) ?? null);
        if (key !== null) this.keyOf.set(d.outlookId, key);
      }
      const keys = [...this.keyOf.values(), ...along];
      return keys.length > 0 ? store.addPendingCreates(scope, keys) : Promise.resolve();
    };
    this.recorded = createdIds instanceof Promise ? createdIds.then(write) : write(createdIds);
    this.recorded.catch(() => undefined);
  }

  /** These drafts' outcomes are known (or they were never sent): their entries may go. */
  settle(outlookIds: readonly string[]): void {
    for (const id of outlookIds) this.settled.add(id);
  }

  /** The entries of the settled drafts (none before the entries were made: none was recorded). */
  settledKeys(): string[] {
    return [...this.settled].flatMap((id) => {
      const key = this.keyOf.get(id);
      return key === undefined ? [] : [key];
    });
  }
}
