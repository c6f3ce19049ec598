import { makeLink } from './link.js';
import type { Link } from './link.js';
import { bcToSyncFields, outlookToSyncFields } from './mapping.js';
import { nextBase } from './merge.js';
import { sameFieldValue } from './model.js';
import type { BcContact, OutlookContact, SyncFields } from './model.js';
import type { PlanItem } from './plan.js';
import type { RunLinks } from './run-links.js';
import { SentFields, sentDigest, sentFieldDigests } from './sent-base.js';
import { SYNC_FIELDS } from './sync-field-names.js';

type Update = Extract<PlanItem, { kind: 'update' }>;

/*
 * Values an update sends ahead of its link's save (soak F3). A linked pair's update goes out, then
 * its link with the new base is stored; a lost answer, or a process that died or stalled between
 * the two, left the old base. The next run read the values the update wrote as a change of the
 * written side made by a user: BC deleting the contact then (or taking it out of scope) kept the
 * copy as a deletedInBc conflict naming our own write, and a later edit on the other side made a
 * field conflict nobody made, whose policy could overwrite the user's edit with our older write.
 * So each update is recorded before it goes out, in the scope's list of pending entries (as a
 * create is, pending-creates.ts): the pair, a digest of the base it was planned on, per field the
 * digest of the value both sides hold once it lands (the new base) and which side it writes there.
 * The next run of any host (rule runs.resume) takes, per such field, the value the written side
 * holds as the base when it is the value sent there — the write landed — and keeps the old base
 * otherwise (not landed, or a user's edit since: a real change, decided as before). The entry goes
 * with the link the answer makes; a run stopped first leaves it to the next run's recovery.
 */

/** Per field: '-' nothing sent, 'o' Outlook written, 'b' BC written, '2' both. */
type SideMark = '-' | 'o' | 'b' | '2';

/** An update recorded as sent ahead of its link (`key`, its pending entry). */
export interface SentAhead {
  readonly key: string;
  readonly bcId: string;
  readonly outlookId: string;
  /** sentDigest of the base the update was planned on: a link stored since is left as it is. */
  readonly was: string;
  /** SideMark per field, SYNC_FIELDS order. */
  readonly sides: string;
  /** Per-field digests of the base once the update lands. */
  readonly fields: SentFields;
}

/**
 * The pending entry of `u` (JSON {"aheadBc":…,"aheadOl":…,"was":…,"sides":…,"fields":…}, about 400
 * characters with a Graph id); null when it sends no value (a BC id stamp alone).
 */
export function sentAheadKey(u: Update): string | null {
  const after = nextBase(u.base, u.bc.target, u.outlook.target);
  let sides = '';
  for (const f of SYNC_FIELDS) {
    const o = !sameFieldValue(f, u.outlook.current[f], u.outlook.target[f]);
    const b = !sameFieldValue(f, u.bc.current[f], u.bc.target[f]);
    // Only a value both sides are to hold is a base to come; a side keeping its own is no write of it.
    const agreed = sameFieldValue(f, u.bc.target[f], u.outlook.target[f]);
    sides += !agreed || (!o && !b) ? '-' : o && b ? '2' : o ? 'o' : 'b';
  }
  if (!/[ob2]/.test(sides)) return null;
  return JSON.stringify({
    aheadBc: u.bcId,
    aheadOl: u.outlookId,
    was: sentDigest(u.base),
    sides,
    fields: sentFieldDigests(after),
  });
}

/** A pending entry's update, or null when it is none (a create's entry, or spoilt). */
export function sentAheadOf(key: string, value: Record<string, unknown>): SentAhead | null {
  const { aheadBc, aheadOl, was, sides, fields } = value;
  if (typeof aheadBc !== 'string' || aheadBc === '' || typeof aheadOl !== 'string' || aheadOl === '')
    return null;
  if (typeof was !== 'string' || typeof sides !== 'string' || !/^[-ob2]*$/.test(sides)) return null;
  const digests = SentFields.of(fields);
  if (digests === null || sides.length !== SYNC_FIELDS.length) return null;
  return { key, bcId: aheadBc, outlookId: aheadOl, was, sides, fields: digests };
}

/**
 * The base of `link` once the values `entry` recorded are found landed: per field the written
 * side's value where every written side holds the value sent (a side gone holds nothing: the old
 * base stays, so a deletion keeps what it cannot prove was written); `bc` / `outlook` null when gone.
 */
function aheadBase(
  link: Link,
  entry: SentAhead,
  bc: SyncFields | null,
  outlook: SyncFields | null,
): SyncFields {
  const base: Record<string, string> = { ...link.base };
  SYNC_FIELDS.forEach((f, i) => {
    const mark = entry.sides[i] as SideMark;
    if (mark === '-') return;
    const written: (SyncFields | null)[] = mark === '2' ? [outlook, bc] : mark === 'o' ? [outlook] : [bc];
    if (written.every((side) => side !== null && entry.fields.holds(f, side[f])))
      base[f] = (written[0] as SyncFields)[f];
  });
  return base as unknown as SyncFields;
}

/** What recovering updates reads: the pairs' contacts as the run read them, or by id. */
interface AheadSides {
  readonly bcOf: (ids: readonly string[]) => Promise<readonly BcContact[]>;
  readonly outlookOf: (ids: readonly string[]) => Promise<readonly OutlookContact[]>;
}

/**
 * The links of updates sent ahead of their links' save (`entries`), their bases moved to the
 * values found landed (aheadBase), put in `links`; stamps '' (not seen: the planner compares
 * values). An entry whose pair is no longer linked so, or whose link was stored since, changes
 * nothing. Reads only when there are entries (most runs: none).
 * @throws PortFailure when a side or the store cannot be read (the entries stay pending).
 */
export async function recoverSentAhead(
  sides: AheadSides,
  links: RunLinks,
  entries: readonly SentAhead[],
): Promise<Link[]> {
  if (entries.length === 0) return [];
  await links.lookUp(
    entries.map((e) => e.bcId),
    entries.map((e) => e.outlookId),
  );
  const live = entries.filter((e) => {
    const link = links.bcLink(e.bcId);
    return link !== undefined && link.outlookId === e.outlookId && sentDigest(link.base) === e.was;
  });
  if (live.length === 0) return [];
  const [bc, outlook] = await Promise.all([
    sides.bcOf(live.map((e) => e.bcId)),
    sides.outlookOf(live.map((e) => e.outlookId)),
  ]);
  const bcById = new Map(bc.map((c) => [c.id, c]));
  const olById = new Map(outlook.map((c) => [c.id, c]));
  const recovered: Link[] = [];
  for (const e of live) {
    const link = links.bcLink(e.bcId) as Link;
    const b = bcById.get(e.bcId);
    const o = olById.get(e.outlookId);
    const base = aheadBase(link, e, b ? bcToSyncFields(b) : null, o ? outlookToSyncFields(o, link) : null);
    if (SYNC_FIELDS.every((f) => base[f] === link.base[f])) continue;
    const moved = makeLink(link, base, { bcEtag: '', outlookChangeKey: '' }, link.outlookOwn);
    links.put(moved);
    recovered.push(moved);
  }
  return recovered;
}
