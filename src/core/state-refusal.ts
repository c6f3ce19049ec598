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

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or an unpaired UTF-16 surrogate (jsonb refuses it;
 * text would silently get U+FFFD), so every store refuses such values up front.
 */
export function assertStorableText(value: unknown): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000') || LONE_SURROGATE.test(value)) {
      throw new StateStoreRefusal(
        'unstorableText',
        `value ${JSON.stringify(value)} holds U+0000 or an unpaired surrogate`,
      );
    }
  } else if (Array.isArray(value)) {
    for (const v of value) assertStorableText(v);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      assertStorableText(k);
      assertStorableText(v);
    }
  }
}
