/**
 * A schema refusal as data (issue 13 §2): what the client's catalogs word. In core because both
 * ends speak it: the facade refuses with it (server/schema-refusal.ts) and the pane words it
 * (taskpane/i18n/refusal-text.ts), which imports no server code. `limit` for the size
 * kinds (characters, items, properties or the number bound, as the schema says), `property` for a
 * missing or unknown one, `expected` for a wrong JSON type, `allowed` for a closed list.
 */
export type SchemaReason =
  | {
      readonly kind: 'tooLong' | 'tooShort' | 'tooMany' | 'tooFew' | 'tooLarge' | 'tooSmall';
      readonly limit: number;
    }
  | {
      readonly kind: 'required' | 'unknownProperty';
      /** As shown (platform/shown-input.ts: bounded, hidden characters escaped). */
      readonly property: string;
      /** The name's length as sent. */
      readonly propertyLength: number;
    }
  | { readonly kind: 'wrongType'; readonly expected: string }
  | { readonly kind: 'notAllowed'; readonly allowed: readonly unknown[] }
  | { readonly kind: 'pattern'; readonly pattern: string }
  | { readonly kind: 'format'; readonly format: string }
  | { readonly kind: 'duplicateItems' | 'invalid' };
