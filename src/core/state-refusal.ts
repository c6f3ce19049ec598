import { unstorableAt } from '../pure/storable-text.js';
import { STATE_LIMITS } from './state-limits.js';
import type { ScopeList } from './state-limits.js';

/**
 * What every SyncStateStore refuses, as data (a code with its parameters), so the contract suite
 * can check it and the edges can answer and word it by kind (src/messages: `storeRefusal`), never
 * by a message.
 * - outlookIdTaken: `outlookId` is already linked to another bcId in this scope;
 * - duplicateInBatch: `key` of `field` (bcId, outlookId) came twice in one batch;
 * - invalidTime: `value` is not an ISO 8601 UTC timestamp;
 * - unstorableText: the value at JSON Pointer `at` holds U+0000 or an unpaired surrogate;
 * - scopeFull: the write would take the scope's `list` (links, skipped, conflicts) past `max`
 *   entries (STATE_LIMITS.perScope, F46); nothing of the write is stored.
 */
export type StateRefusal =
  | { readonly kind: 'outlookIdTaken'; readonly outlookId: string }
  | { readonly kind: 'duplicateInBatch'; readonly field: string; readonly key: string }
  | { readonly kind: 'invalidTime'; readonly value: string }
  | { readonly kind: 'unstorableText'; readonly at: string }
  | { readonly kind: 'scopeFull'; readonly list: ScopeList; readonly max: number };

export type StateRefusalKind = StateRefusal['kind'];

/** A store's refusal; its message is the code, the words come from the edge. */
export class StateStoreRefusal extends Error {
  override readonly name = 'StateStoreRefusal';
  readonly kind: StateRefusalKind;
  constructor(readonly refusal: StateRefusal) {
    super(refusal.kind);
    this.kind = refusal.kind;
  }
}

/** Whether `value` (a refusal as an HTTP body's detail carries it) is one of these codes. */
export function isStateRefusal(value: unknown): value is StateRefusal {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  const text = (key: string) => typeof r[key] === 'string';
  switch (r.kind) {
    case 'outlookIdTaken':
      return text('outlookId');
    case 'duplicateInBatch':
      return text('field') && text('key');
    case 'invalidTime':
      return text('value');
    case 'unstorableText':
      return text('at');
    case 'scopeFull':
      return (
        typeof r.list === 'string' &&
        Object.hasOwn(STATE_LIMITS.perScope, r.list) &&
        typeof r.max === 'number' &&
        Number.isInteger(r.max)
      );
    default:
      return false;
  }
}

export function outlookIdTaken(outlookId: string): StateStoreRefusal {
  return new StateStoreRefusal({ kind: 'outlookIdTaken', outlookId });
}

export function invalidTime(value: string): StateStoreRefusal {
  return new StateStoreRefusal({ kind: 'invalidTime', value });
}

/**
 * Refuses (`scopeFull`) a write that takes `list` from `current` to `after` entries past `max`;
 * a write that does not grow the list passes even past a lowered cap.
 */
export function assertRoomInScope(list: ScopeList, current: number, after: number, max: number): void {
  if (after > max && after > current) throw new StateStoreRefusal({ kind: 'scopeFull', list, max });
}

function assertUniqueKeys(keys: readonly string[], field: string): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new StateStoreRefusal({ kind: 'duplicateInBatch', field, key });
    seen.add(key);
  }
}

/**
 * The one argument check of a batch write (upsertLinks: bcId and outlookId; putConflicts: bcId;
 * putSkipped: key) that every SyncStateStore adapter makes before it writes anything: each named
 * key unique within the batch, else `duplicateInBatch` for the first key (in `keys` order) that repeats.
 */
export function assertUniqueBatch<K extends string>(
  items: readonly Readonly<Record<K, string>>[],
  keys: readonly K[],
): void {
  for (const field of keys)
    assertUniqueKeys(
      items.map((item) => item[field]),
      field,
    );
}

/**
 * `assertUniqueBatch` after `assertStorableText` over `[scope, items]`: what a store that writes
 * to PostgreSQL (or stands in for one) checks before a batch write, so a refused batch writes nothing.
 */
export function assertWritableBatch<K extends string>(
  scope: unknown,
  items: readonly Readonly<Record<K, string>>[],
  keys: readonly K[],
): void {
  assertStorableText([scope, items]);
  assertUniqueBatch(items, keys);
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or an unpaired UTF-16 surrogate (jsonb refuses it;
 * text would silently get U+FFFD), so every store refuses such values up front (storable-text.ts).
 */
export function assertStorableText(value: unknown): void {
  const at = unstorableAt(value);
  if (at === null) return;
  throw new StateStoreRefusal({ kind: 'unstorableText', at: at || '/' });
}
