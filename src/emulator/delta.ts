import { GraphError, badRequest } from './errors.js';
import { compactLog } from './folder-log.js';
import type { ChangeEntry, Folder } from './store-shapes.js';

/**
 * Delta state carried in opaque tokens (base64url JSON), as Graph encodes query options into them.
 * base: changes after this seq are reported, deletions included; INITIAL_BASE for an initial round (all
 * live contacts, no tombstones). A deltaLink's base is the seq it was issued at, 0 too: a link issued on
 * an empty folder reports the deletions after it as Graph does (it was read as an initial round, so a
 * contact created and deleted after it went unreported).
 * upTo: the round's snapshot; later writes wait for the next round. pos: last seq already paged.
 */
export interface DeltaState {
  mailbox: string;
  folder: string;
  base: number;
  upTo: number;
  pos: number;
  select: string[] | null;
}

/** The base of an initial round's state (no deltaLink yet): below every seq a deltaLink can carry. */
export const INITIAL_BASE = -1;

export function encodeDeltaToken(state: DeltaState): string {
  const compact = [state.mailbox, state.folder, state.base, state.upTo, state.pos, state.select];
  return Buffer.from(JSON.stringify(compact)).toString('base64url');
}

export function decodeDeltaToken(token: string): DeltaState {
  try {
    const raw: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Array.isArray(raw) || raw.length !== 6) throw new Error('shape');
    const [mailbox, folder, base, upTo, pos, select] = raw as unknown[];
    if (typeof mailbox !== 'string' || typeof folder !== 'string') throw new Error('shape');
    // Seqs as this module writes them: whole numbers from INITIAL_BASE up, and $select's names. A
    // token it did not write (pos -5, a select of objects) was served as if it had (review RV18).
    if (![base, upTo, pos].every((n) => Number.isSafeInteger(n) && (n as number) >= INITIAL_BASE))
      throw new Error('shape');
    if (select !== null && !(Array.isArray(select) && select.every((name) => typeof name === 'string')))
      throw new Error('shape');
    return { mailbox, folder, base: base as number, upTo: upTo as number, pos: pos as number, select };
  } catch {
    throw badRequest('The delta token is malformed.', 'ErrorInvalidSyncStateData');
  }
}

/** Throws Graph's observed 410 when the token's base generation has been evicted. */
export function assertGenerationKept(folder: Folder, base: number): void {
  if (base === INITIAL_BASE || folder.generations.includes(base)) return;
  const kept = [...folder.generations].reverse();
  const highest = kept[0] ?? folder.seq;
  const recent = kept
    .slice(0, 3)
    .map((g) => `[${g}]`)
    .join('');
  throw new GraphError(
    410,
    'SyncStateNotFound',
    `The sync state generation is not found; generation=${base};[highest=${highest}]${recent}.`,
  );
}

/** Remembers a generation handed out in a deltaLink, evicting the oldest beyond `maxGenerations`. */
export function issueGeneration(folder: Folder, seq: number, maxGenerations: number): void {
  if (folder.generations.includes(seq)) return;
  folder.generations.push(seq);
  folder.generations.sort((a, b) => a - b);
  if (folder.generations.length > maxGenerations) {
    folder.generations.splice(0, folder.generations.length - maxGenerations);
    compactLog(folder);
  }
}

/** First index in the ascending log whose seq is greater than `after` (binary search). */
function firstAfter(log: ChangeEntry[], after: number): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((log[mid]?.seq ?? Infinity) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface DeltaPage {
  entries: ChangeEntry[];
  /** Seq to continue after, or null when this page ends the round. */
  nextPos: number | null;
}

/** Collects up to `pageSize` live changes in (max(base,pos), upTo]. */
export function readDeltaPage(folder: Folder, state: DeltaState, pageSize: number): DeltaPage {
  const entries: ChangeEntry[] = [];
  const log = folder.log;
  let i = firstAfter(log, Math.max(state.base, state.pos, 0));
  for (; i < log.length && entries.length < pageSize; i++) {
    const entry = log[i];
    if (!entry || entry.seq > state.upTo) break;
    // Superseded entries are reported through their newer entry (maybe in the next round).
    if (folder.latest.get(entry.contactId) !== entry) continue;
    // Items deleted before the initial round never appear in it.
    if (entry.deleted && state.base === INITIAL_BASE) continue;
    entries.push(entry);
  }
  const more = entries.length >= pageSize && i < log.length && (log[i]?.seq ?? Infinity) <= state.upTo;
  const last = entries[entries.length - 1];
  return { entries, nextPos: more && last ? last.seq : null };
}

/** `Prefer: odata.maxpagesize=N`, clamped to the service maximum like Graph does. */
export function preferredPageSize(prefer: string | undefined, defaults: number, max: number): number {
  const match = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer ?? '');
  const asked = match?.[1] ? Number(match[1]) : defaults;
  return Math.max(1, Math.min(asked, max));
}
