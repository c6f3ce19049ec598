import { holdsBaseAt } from './link.js';
import { sharedEmptyList } from './empty-list.js';
import type { Link } from './link.js';
import { CONFLICT_POLICIES } from './merge.js';
import type { SyncFields } from './model.js';
import type { OutlookOwnValues } from './owned-values.js';
import { DEFAULT_SETTINGS } from './records.js';
import type { SyncSettings } from './records.js';
import { pooled } from './text-pool.js';
import type { TextPool } from './text-pool.js';

/*
 * Stored state is not trusted blindly (issue 9 §1's kind over every stored value, brief "stored"):
 * what a store hands back was written by another host, another version, or spoilt on disk, and a
 * run that trusted its shape failed for ever (a TypeError on every run until someone edited the
 * database). Each stored value a run replays is read through one of these: a value of the wrong
 * shape becomes the value that means "not known" (the next full run finds the truth again), never
 * a crash. Where not knowing would widen what a run writes (a filter), the value is kept and the
 * run refuses it with a typed error instead (settings-rules filterProblems → invalidSettings).
 * Used by every store adapter's reads (store/sql-*.ts) — the pane's engine reads through the
 * facade, whose store is one of them.
 */

type Json = Record<string, unknown>;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : null;

/**
 * Settings as a run may use them: each field of the wrong type or out of its range is the default
 * one (a folder name of no text → the default folder's, as before any setting was saved). The
 * filter is kept as stored (text values only, as text): dropping a spoilt filter would sync the
 * whole company, so the run refuses it as it refuses any invalid filter (typed `invalidSettings`).
 */
export function storedSettings(raw: unknown): SyncSettings {
  const s = isObject(raw) ? raw : {};
  const d = DEFAULT_SETTINGS;
  const folderName =
    typeof s.folderName === 'string' && s.folderName.trim() !== '' ? s.folderName : d.folderName;
  const filter = isObject(s.filter)
    ? Object.fromEntries(
        Object.entries(s.filter).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      )
    : s.filter === undefined || s.filter === null
      ? d.filter
      : // Not an object: kept as a filter the run refuses (a field no one has), never as "no filter".
        { [`storedFilter:${JSON.stringify(s.filter).slice(0, 40)}`]: '' };
  const policy = CONFLICT_POLICIES.find((p) => p === s.conflictPolicy) ?? d.conflictPolicy;
  const minutes =
    typeof s.scheduleMinutes === 'number' && Number.isFinite(s.scheduleMinutes) && s.scheduleMinutes >= 0
      ? s.scheduleMinutes
      : d.scheduleMinutes;
  const share =
    typeof s.massDeleteShare === 'number' && s.massDeleteShare >= 0 && s.massDeleteShare <= 1
      ? s.massDeleteShare
      : d.massDeleteShare;
  return { folderName, filter, conflictPolicy: policy, scheduleMinutes: minutes, massDeleteShare: share };
}

/**
 * A link's base as a run may compare with it: every sync field as text. A field the stored base
 * lacks (a base an older version wrote before the field was synced) or holds as no text is ''.
 * @internal
 */
export function storedBase(raw: unknown, pool?: TextPool): SyncFields {
  const b = isObject(raw) ? raw : {};
  // One literal, each field read by name, in SYNC_FIELDS order (same-sync-fields.test): a run reads
  // every link, and Object.fromEntries over SYNC_FIELDS made 20 arrays a link and read by variable
  // keys (storedBase was the engine's top self time reading 50,000 links, issue 12 §2).
  return {
    displayName: text(b.displayName),
    firstName: text(b.firstName),
    middleName: text(b.middleName),
    surname: text(b.surname),
    initials: text(b.initials),
    jobTitle: pooled(pool, text(b.jobTitle)),
    companyName: pooled(pool, text(b.companyName)),
    email: text(b.email),
    email2: text(b.email2),
    phoneNumber: text(b.phoneNumber),
    mobilePhoneNumber: text(b.mobilePhoneNumber),
    faxNumber: text(b.faxNumber),
    website: pooled(pool, text(b.website)),
    addressLine1: pooled(pool, text(b.addressLine1)),
    addressLine2: pooled(pool, text(b.addressLine2)),
    city: pooled(pool, text(b.city)),
    state: pooled(pool, text(b.state)),
    postalCode: pooled(pool, text(b.postalCode)),
    country: pooled(pool, text(b.country)),
  };
}

/** Whether a stored base holds every sync field as text (storedBase keeps it as it is); by name, as storedBase. */
function isTextBase(raw: unknown): boolean {
  const b = isObject(raw) ? raw : {};
  return (
    typeof b.displayName === 'string' &&
    typeof b.firstName === 'string' &&
    typeof b.middleName === 'string' &&
    typeof b.surname === 'string' &&
    typeof b.initials === 'string' &&
    typeof b.jobTitle === 'string' &&
    typeof b.companyName === 'string' &&
    typeof b.email === 'string' &&
    typeof b.email2 === 'string' &&
    typeof b.phoneNumber === 'string' &&
    typeof b.mobilePhoneNumber === 'string' &&
    typeof b.faxNumber === 'string' &&
    typeof b.website === 'string' &&
    typeof b.addressLine1 === 'string' &&
    typeof b.addressLine2 === 'string' &&
    typeof b.city === 'string' &&
    typeof b.state === 'string' &&
    typeof b.postalCode === 'string' &&
    typeof b.country === 'string'
  );
}

/**
 * Outlook's own values as stored, or undefined ("not known") when they are of another shape.
 * @internal
 */
export function storedOutlookOwn(raw: unknown): OutlookOwnValues | undefined {
  if (!isObject(raw)) return undefined;
  const emails = strings(raw.emails);
  const phones = strings(raw.phones);
  if (emails === null || phones === null) return undefined;
  const w = raw.waiting;
  const waiting = w !== undefined && isObject(w) && Object.values(w).every((v) => typeof v === 'string');
  if (waiting) return { emails, phones, waiting: w as OutlookOwnValues['waiting'] };
  // Most links know Outlook holds no values of its own: one shared record says so for all of them,
  // not an object and two empty arrays per link held (issue 12: 100,000 links at once).
  return emails.length === 0 && phones.length === 0 ? NO_OWN_VALUES : { emails, phones };
}

/**
 * Outlook's own values when it holds none; shared, so frozen (the model's lists are readonly). Its
 * lists are of the stored lists' hidden class (empty-list.ts), not frozen arrays: read beside them
 * per link, a frozen one threw readOwnedValues' compiled code away (issue 12, --trace-deopt).
 */
const NO_OWN_VALUES: OutlookOwnValues = Object.freeze({
  emails: sharedEmptyList<string>(),
  phones: sharedEmptyList<string>(),
});

/**
 * A link as stored, made sound: its base and Outlook's own values as above. A base that had to be
 * mended, or whose changeKey is '' (link.ts holdsBaseAt, as makeLink), no longer says what Outlook
 * holds (`outlookHoldsBase` dropped: the contact is read).
 */
export function storedLink(link: Link, pool?: TextPool): Link {
  const base = storedBase(link.base, pool);
  const mended = !isTextBase(link.base);
  const own = storedOutlookOwn(link.outlookOwn);
  const holds = holdsBaseAt(link.outlookHoldsBase, link.outlookChangeKey) && !mended;
  // One literal, optional properties added after: a rest-and-spread gave each warm result its own
  // hidden class (a run reads every link; issue 12 §2, test/bc/record-shapes.test.ts). A link
  // with both (most links a sync left) is one literal of them all: added after, they took a
  // property array of their own per link held.
  if (own && holds)
    return {
      bcId: link.bcId,
      outlookId: link.outlookId,
      base,
      bcEtag: link.bcEtag,
      outlookChangeKey: link.outlookChangeKey,
      outlookOwn: own,
      outlookHoldsBase: true,
    };
  const out: { -readonly [K in keyof Link]: Link[K] } = {
    bcId: link.bcId,
    outlookId: link.outlookId,
    base,
    bcEtag: link.bcEtag,
    outlookChangeKey: link.outlookChangeKey,
  };
  if (own) out.outlookOwn = own;
  if (holds) out.outlookHoldsBase = true;
  return out;
}
