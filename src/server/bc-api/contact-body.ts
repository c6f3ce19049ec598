import type { ContactWrite } from '../../store/bc-repository.js';
import { HttpError } from '../http-error.js';
import { CONTACT_FIELDS } from './contact-fields.js';
import { parseEntityBody } from './entity-body.js';

/** A contact's POST/PATCH body: the entity's rules (entity-body.ts), and `type` Person or Company. */
export function parseContactBody(body: unknown): ContactWrite {
  return parseEntityBody(body, { name: 'contact', fields: CONTACT_FIELDS }, (key, v) => {
    if (key === 'type' && v !== 'Person' && v !== 'Company')
      throw new HttpError(
        400,
        'BadRequest_InvalidValue',
        `The value '${String(v)}' is not valid for 'type': expected Person or Company.`,
        [{ target: key, message: 'expected Person or Company' }],
      );
  }) as ContactWrite;
}
