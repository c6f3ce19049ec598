import { unstorableAt } from './storable-text.js';

/**
 * What every SyncStateStore refuses, with one wording, so the contract suite can check it and the
 * sync API can map it to 400/409 by kind rather than by message.
 */
export type StateRefusalKind = 'outlookIdTaken' | 'duplicateInBatch' | 'invalidTime' | 'unstorableText';

export class StateStoreRefusal extends Error {
  override readonly name = 'StateStoreRefusal';
  constructor(
    readonly kind: StateRefusalKind,
    message: string,
  ) {
    super(message);
  }
}

export function outlookIdTaken(outlookId: string): StateStoreRefusal {
  return new StateStoreRefusal(
    'outlookIdTaken',
    `outlookId ${outlookId} is already linked to another bcId in this scope`,
  );
}

export function invalidTime(value: string): StateStoreRefusal {
  return new StateStoreRefusal('invalidTime', `not an ISO 8601 UTC timestamp: ${value}`);
}

export function assertUniqueKeys(keys: readonly string[], field: string): void {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) throw new StateStoreRefusal('duplicateInBatch', `duplicate ${field} ${k} in one batch`);
    seen.add(k);
  }
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or an unpaired UTF-16 surrogate (jsonb refuses it;
 * text would silently get U+FFFD), so every store refuses such values up front (storable-text.ts).
 */
export function assertStorableText(value: unknown): void {
  const at = unstorableAt(value);
  if (at === null) return;
  throw new StateStoreRefusal(
    'unstorableText',
    `the value at ${at || '/'} holds U+0000 or an unpaired surrogate`,
  );
}
