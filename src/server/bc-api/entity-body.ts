import { nfc } from '../../core/model.js';
import { HttpError } from '../http-error.js';
import { quotedRefusal } from '../quoted-refusal.js';
import type { FieldInfo } from './contact-fields.js';

/** The entity a POST/PATCH body is for: its name (`contact`, `countryRegion`) and its field table. */
export interface BodyEntity {
  readonly name: string;
  /** contact-fields.ts: which properties exist, their types, and which a client may write. */
  readonly fields: Readonly<Record<string, FieldInfo>>;
}

/**
 * BC's rules for any entity's POST/PATCH body, checked before anything is stored: an object, no
 * unknown or read-only property, each value of its field's JSON type — 400s that name the property
 * (never a 500). OData annotations (`@odata.etag` echoed back by a client) are ignored; null clears
 * a text field (BC's blank); text is kept in its one form (nfc, issue 8 §5). `check` adds an
 * entity's own rule on a value, in the body's order like the others (the first bad property is named).
 */
export function parseEntityBody(
  body: unknown,
  entity: BodyEntity,
  check?: (name: string, value: string | boolean) => void,
): Record<string, string | boolean> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new HttpError(
      400,
      'BadRequest',
      `The request body must be a JSON object with ${entity.name} properties.`,
    );
  const out: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@')) continue;
    const info = entity.fields[key];
    if (!info)
      throw quotedRefusal(
        400,
        'BadRequest_PropertyNotFound',
        { name: 'property', value: key },
        (shown) =>
          `The property '${shown}' does not exist on type 'Microsoft.NAV.${entity.name}'. Make sure to only use property names that are defined by the type.`,
        { target: null, kind: 'unknownProperty', message: 'unknown property' },
      );
    if (!info.writable)
      throw quotedRefusal(
        400,
        'BadRequest_ReadOnlyProperty',
        { name: 'property', value: key },
        (shown) => `The property '${shown}' is read-only.`,
        { target: null, kind: 'readOnly', message: 'read-only' },
      );
    const expected = info.type === 'boolean' ? 'boolean' : 'string';
    const v: unknown = value === null && expected === 'string' ? '' : value;
    if (typeof v !== expected)
      throw quotedRefusal(
        400,
        'BadRequest_InvalidValue',
        { name: 'property', value: key },
        (shown) =>
          `Cannot convert the value of '${shown}' to the type Edm.${expected === 'boolean' ? 'Boolean' : 'String'}.`,
        { target: null, kind: 'type', message: `expected a ${expected}`, params: { type: expected } },
      );
    const typed = v as string | boolean;
    check?.(key, typed);
    out[key] = typeof typed === 'string' ? nfc(typed) : typed;
  }
  return out;
}
