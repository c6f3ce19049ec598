import { nfc } from '../../core/model.js';
import type { ContactWrite } from '../../store/bc-repository.js';
import { HttpError } from '../http-error.js';
import { CONTACT_ENTITY_TYPE, CONTACT_FIELDS } from './contact-fields.js';

/**
 * Checks a POST/PATCH body against the contact entity before anything is stored: unknown and
 * read-only properties and wrong JSON types are 400s that name the property (never a 500).
 * OData annotations (`@odata.etag` echoed back by a client) are ignored.
 */
export function parseContactBody(body: unknown): ContactWrite {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'BadRequest', 'The request body must be a JSON object with contact properties.');
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@')) continue;
    const info = CONTACT_FIELDS[key];
    if (!info) {
      throw new HttpError(
        400,
        'BadRequest_PropertyNotFound',
        `The property '${key}' does not exist on type '${CONTACT_ENTITY_TYPE}'. Make sure to only use property names that are defined by the type.`,
        [{ target: key, message: 'unknown property' }],
      );
    }
    if (!info.writable) {
      throw new HttpError(400, 'BadRequest_ReadOnlyProperty', `The property '${key}' is read-only.`, [
        { target: key, message: 'read-only' },
      ]);
    }
    const expected = info.type === 'boolean' ? 'boolean' : 'string';
    // null clears a text field, as BC's blank.
    const v = value === null && expected === 'string' ? '' : value;
    if (typeof v !== expected) {
      throw new HttpError(
        400,
        'BadRequest_InvalidValue',
        `Cannot convert the value of '${key}' to the type Edm.${expected === 'boolean' ? 'Boolean' : 'String'}.`,
        [{ target: key, message: `expected a ${expected}` }],
      );
    }
    if (key === 'type' && v !== 'Person' && v !== 'Company') {
      throw new HttpError(
        400,
        'BadRequest_InvalidValue',
        `The value '${String(v)}' is not valid for 'type': expected Person or Company.`,
        [{ target: key, message: 'expected Person or Company' }],
      );
    }
    // One text form on the BC side (issue 8 §5): stored, compared and filtered in NFC.
    out[key] = typeof v === 'string' ? nfc(v) : v;
  }
  return out as ContactWrite;
}
