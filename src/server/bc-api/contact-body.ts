import type { ContactWrite } from '../../store/bc-repository.js';
import { quotedRefusal } from '../quoted-refusal.js';
import { CONTACT_FIELDS } from './contact-fields.js';
import { parseEntityBody } from './entity-body.js';

/** A contact's POST/PATCH body: the entity's rules (entity-body.ts), and `type` Person or Company. */
export function parseContactBody(body: unknown): ContactWrite {
  return parseEntityBody(body, { name: 'contact', fields: CONTACT_FIELDS }, (key, v) => {
    if (key === 'type' && v !== 'Person' && v !== 'Company')
      throw quotedRefusal(
        400,
        'BadRequest_InvalidValue',
        { name: 'value', value: String(v) },
        (shown) => `The value '${shown}' is not valid for 'type': expected Person or Company.`,
        { target: key, kind: 'enum', message: 'expected Person or Company' },
      );
  }) as ContactWrite;
}
