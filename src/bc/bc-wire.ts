import { SYNC_FIELDS } from '../core/model.js';
import type { BcContact, SyncFields } from '../core/model.js';

/** The BC API's JSON as the BC adapter reads it (browser-safe). */
export type Json = Record<string, unknown>;

/** OData query options as a query string ('' or `?…`), spaces as %20. */
export function query(options: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(options)) if (v !== undefined && v !== '') params.set(k, v);
  const text = params.toString().replaceAll('+', '%20');
  return text === '' ? '' : `?${text}`;
}

export function values(json: Json): Json[] {
  return Array.isArray(json.value) ? (json.value as Json[]) : [];
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The facade's wire shape to the engine's model; a field a server leaves out reads as blank. */
export function toBcContact(j: Json): BcContact {
  const fields = {} as SyncFields;
  for (const f of SYNC_FIELDS) fields[f] = str(j[f]);
  return {
    ...fields,
    id: str(j.id),
    number: str(j.number),
    type: j.type === 'Company' ? 'Company' : 'Person',
    companyNumber: str(j.companyNumber),
    territoryCode: str(j.territoryCode),
    salespersonCode: str(j.salespersonCode),
    privacyBlocked: j.privacyBlocked === true,
    lastModifiedDateTime: str(j.lastModifiedDateTime),
    etag: str(j['@odata.etag']),
  };
}
