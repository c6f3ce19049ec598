import type { OutlookContact, SyncFieldName, SyncFields } from './model.js';
import { sharedEmptyList } from './empty-list.js';
import { EMAIL_LIST, PHONE_LIST, ownValuesBeside } from './owned-values.js';
import { writeOwnedList } from './owned-list-writes.js';
import type { ListField, OutlookOwnValues } from './owned-values.js';
import type { SkipReason } from './skip-records.js';

/**
 * Room in Outlook's lists (issue 8 §1, docs/sync-rules.md "Owned values", list full): a BC value
 * that finds its list full of Outlook's own values is never dropped silently and never pushes one of
 * them out. It waits in the link (`OutlookOwnValues.waiting`) and the contact is skipped with
 * `outlookListFull` until a slot frees.
 */

/** The Outlook lists and the fields owning their entries, in the order the sync checks them. */
const OWNED_LISTS = [
  { name: 'emailAddresses', list: EMAIL_LIST },
  { name: 'businessPhones', list: PHONE_LIST },
] as const;

type Waiting = Partial<Record<ListField, string>>;

/** The Outlook-only values with `waiting` replaced (none left: the key is dropped). */
export function withWaiting(own: OutlookOwnValues, waiting: Waiting): OutlookOwnValues {
  return holdsAny(waiting)
    ? { emails: own.emails, phones: own.phones, waiting }
    : { emails: own.emails, phones: own.phones };
}

/**
 * Whether a record holds any key (`Object.keys(r).length > 0` without the array: the planner asks it
 * of every changed pair, issue 12).
 */
export function holdsAny(record: Readonly<Record<string, unknown>>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

/** Nothing waits (shared, frozen: callers only read it). */
const NONE_WAITING: Waiting = Object.freeze({});
/** A link that remembers no Outlook-only values (read only; its lists of the read lists' class, empty-list.ts). */
const NO_OWN: OutlookOwnValues = Object.freeze({
  emails: sharedEmptyList<string>(),
  phones: sharedEmptyList<string>(),
});

function ownedUnchanged(fields: readonly SyncFieldName[], current: SyncFields, target: SyncFields): boolean {
  for (const f of fields) if (target[f] !== current[f]) return false;
  return true;
}

/**
 * The BC values of `target` that Outlook's lists have no room for: the values `writeOwnedList`
 * would not add because Outlook's own entries fill the list. `current` is what the owned entries hold
 * now and `own` the Outlook-only values beside them; the lists are rebuilt from both, which is exact
 * when the contact was read and, when it was not (a delta run where Outlook did not change), as of
 * the last sync, which is when `own` was seen.
 */
function unplacedValues(current: SyncFields, target: SyncFields, own: OutlookOwnValues): Waiting {
  // A list whose owned values stay as they are keeps every entry: nothing waits (most pairs).
  if (
    ownedUnchanged(EMAIL_LIST.fields, current, target) &&
    ownedUnchanged(PHONE_LIST.fields, current, target)
  )
    return NONE_WAITING;
  const out: Waiting = {};
  for (const { list } of OWNED_LISTS) {
    if (ownedUnchanged(list.fields, current, target)) continue;
    const owned = list.fields.map((f) => current[f]).filter((v) => v !== '');
    const entries = [...owned, ...(list === EMAIL_LIST ? own.emails : own.phones)];
    const written = writeOwnedList(
      entries,
      (v) => v,
      (v) => v,
      list,
      current,
      target,
    );
    for (const f of list.fields as readonly ListField[]) {
      if (target[f] !== '' && !written.some((v) => list.same(v, target[f]))) out[f] = target[f];
    }
  }
  return out;
}

/**
 * Outlook's target without the BC values its lists have no room for (no write that cannot land),
 * what waits, and the skip reason naming the first of them (null: everything fits).
 * `outlookOwn` undefined: a link stored before owned values were remembered (no extras known).
 */
export function holdUnplaced(
  olFields: SyncFields,
  target: SyncFields,
  outlookOwn: OutlookOwnValues | undefined,
): { target: SyncFields; waiting: Waiting; reason: SkipReason | null } {
  const waiting = unplacedValues(olFields, target, outlookOwn ?? NO_OWN);
  if (!holdsAny(waiting)) return { target, waiting, reason: null };
  const fields = Object.keys(waiting) as ListField[];
  const first = fields[0]!;
  const next = { ...target };
  for (const f of fields) next[f] = olFields[f];
  const { name, list } = OWNED_LISTS.find((l) => (l.list.fields as readonly string[]).includes(first))!;
  return {
    target: next,
    waiting,
    reason: { kind: 'outlookListFull', field: first, value: target[first], list: name, max: list.max },
  };
}

/**
 * What a link remembers after an Outlook write: the Outlook-only values beside the owned ones
 * (`written`, the contact read as written), and the BC values still waiting for room: those the
 * plan held back (`planned`) and any target value the written contact does not hold.
 */
export function ownAfterWrite(
  contact: OutlookContact,
  written: SyncFields,
  target: SyncFields,
  planned: OutlookOwnValues | undefined,
): OutlookOwnValues {
  const waiting: Waiting = { ...planned?.waiting };
  for (const { list } of OWNED_LISTS)
    for (const f of list.fields as readonly ListField[])
      if (target[f] !== '' && written[f] === '') waiting[f] = target[f];
  return withWaiting(ownValuesBeside(contact, written), waiting);
}
