import { makeLink } from './link.js';
import type { Link } from './link.js';
import { bcToSyncFields } from './mapping.js';
import { normalizeEmail } from './model.js';
import type { BcContact, SyncFields } from './model.js';
import { SYNC_FIELDS } from './sync-field-names.js';
import type { BcContacts, SyncScope, SyncStateStore } from './ports.js';
import type { RunLinks } from './run-links.js';

/*
 * Creates whose answer may be lost, recorded in the scope's one list of pending creates
 * (SyncStateStore add/list/clearPendingCreates) before they go out, and looked for by the next run
 * of any host before it plans (rule runs.resume, run-steps.ts recoverPendingCreates). Each entry is
 * a text key naming what finds the created contact again on the side it was made:
 * - an Outlook create (BC → Outlook): the BC id, which the Outlook contact carries (an extended
 *   property), found again by BC id (Mailbox.findByBcIds);
 * - a BC create (Outlook → BC): the Outlook contact's id and the E-Mail the create sent, found again
 *   by that address (BcContacts.findByEmails): the one value a BC contact carries of its create.
 *   Before this record the next run looked the contact up only by the Outlook contact's e-mail as it
 *   is then; when the user had changed it meanwhile the look-up missed, a second BC contact was made
 *   and the first was left unlinked (trust lead 2).
 * A BC create's key is JSON text ({"outlookId":…,"email":…,"sent":…}, at most ~290 characters: a
 * Graph id, an address BC holds and a 28-character digest of the values sent, within the state
 * routes' id length of 500); a BC id is a GUID, never such text, so the two kinds share the list,
 * its store writes and the run end's clearing unchanged.
 */

/** A BC create recorded as pending: its entry (`key`), the Outlook contact it imports, the address it sent. */
export interface PendingBcCreate {
  readonly key: string;
  readonly outlookId: string;
  /** Normalized (normalizeEmail). */
  readonly email: string;
  /** sentDigest of the values the create sent. */
  readonly sent: string;
}

/**
 * A digest of a contact's sync values (SYNC_FIELDS order): two 53-bit hashes (cyrb53 mixing, seeds
 * 0 and 1) over the values joined by U+0001, base 36. Equal values give equal digests; a BC contact
 * edited after its create gives another one but for a chance near 2^-106. Pure: no crypto in core.
 * @internal exported for pending-bc-creates.test.
 */
export function sentDigest(fields: SyncFields): string {
  let text = '';
  for (const name of SYNC_FIELDS) text += `${fields[name]}\u0001`;
  return `${hash53(text, 0).toString(36)}.${hash53(text, 1).toString(36)}`;
}

function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The pending-create entry of a BC create importing Outlook contact `outlookId` with values
 * `fields`; null for a draft without an address (nothing could find it again).
 */
function pendingBcCreateKey(outlookId: string, fields: SyncFields): string | null {
  const address = normalizeEmail(fields.email);
  return address === '' ? null : JSON.stringify({ outlookId, email: address, sent: sentDigest(fields) });
}

/** The stored entries by kind: Outlook creates' BC ids, and BC creates. */
export function pendingCreatesOf(keys: readonly string[]): {
  outlook: string[];
  bc: PendingBcCreate[];
} {
  const outlook: string[] = [];
  const bc: PendingBcCreate[] = [];
  for (const key of keys) {
    if (!key.startsWith('{')) {
      outlook.push(key);
      continue;
    }
    const parsed = bcCreateOf(key);
    // An entry no release of ours wrote is left out (and cleared with the rest).
    if (parsed) bc.push(parsed);
  }
  return { outlook, bc };
}

function bcCreateOf(key: string): PendingBcCreate | null {
  let value: unknown;
  try {
    value = JSON.parse(key);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { outlookId, email, sent } = value as Record<string, unknown>;
  if (typeof outlookId !== 'string' || typeof email !== 'string' || outlookId === '' || email === '')
    return null;
  if (typeof sent !== 'string' || sent === '') return null;
  return { key, outlookId, email, sent };
}

/**
 * BC creates whose answer was lost (`pending`), found by the address each sent: a Person BC holds
 * under it that no link holds is the create's contact (the engine makes a BC contact only where BC
 * holds no contact of that address, design §2 matching), linked to the Outlook contact the create
 * imported unless that contact is linked already, and only while BC still holds exactly the values
 * the create sent (`sent`): those are then what both sides held when it was made, the link's base.
 * No stamp is trusted (''), so the planner compares values: an e-mail the user changed in Outlook
 * meanwhile updates the BC contact, and the BC id the Outlook contact still owes is written
 * (owed-stamp.ts). A contact edited in BC since is not linked here (its base is unknown: BC's values
 * would make Outlook's older ones win over the BC edit, review R6): it is left to matching, as
 * are two or more such contacts of one address (which does not guess either). Returns the links
 * made, also put into `links`.
 * @throws PortFailure when BC or the store cannot be read (the entries stay pending).
 */
export async function recoverBcCreates(
  bc: Pick<BcContacts, 'findByEmails'>,
  links: RunLinks,
  pending: readonly PendingBcCreate[],
): Promise<Link[]> {
  if (pending.length === 0) return [];
  const found = (await bc.findByEmails([...new Set(pending.map((p) => p.email))])).filter(
    (c) => c.type === 'Person',
  );
  await links.lookUp(
    found.map((c) => c.id),
    pending.map((p) => p.outlookId),
  );
  const unlinked = new Map<string, BcContact[]>();
  for (const c of found) {
    if (links.bcLink(c.id)) continue;
    const email = normalizeEmail(c.email);
    unlinked.set(email, [...(unlinked.get(email) ?? []), c]);
  }
  const recovered: Link[] = [];
  for (const p of pending) {
    const holders = unlinked.get(p.email) ?? [];
    const [only] = holders;
    if (holders.length !== 1 || only === undefined || links.outlookLink(p.outlookId)) continue;
    const base = bcToSyncFields(only);
    if (sentDigest(base) !== p.sent) continue;
    const link = makeLink(
      { bcId: only.id, outlookId: p.outlookId },
      base,
      { bcEtag: '', outlookChangeKey: '' },
      undefined,
    );
    unlinked.delete(p.email);
    links.put(link);
    recovered.push(link);
  }
  return recovered;
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
  ) {
    for (const d of drafts) {
      const key = pendingBcCreateKey(d.outlookId, d.fields);
      if (key !== null) this.keyOf.set(d.outlookId, key);
    }
    this.recorded =
      this.keyOf.size > 0 ? store.addPendingCreates(scope, [...this.keyOf.values()]) : Promise.resolve();
    this.recorded.catch(() => undefined);
  }

  /** These drafts' outcomes are known (or they were never sent): their entries may go. */
  settle(outlookIds: readonly string[]): void {
    for (const id of outlookIds) {
      const key = this.keyOf.get(id);
      if (key !== undefined) this.settled.add(key);
    }
  }

  /** The entries of the settled drafts. */
  settledKeys(): string[] {
    return [...this.settled];
  }
}
