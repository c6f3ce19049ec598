import { createBody, createKeyOf } from '../../bc/create-key.js';
import { emptySyncFields } from '../../core/model.js';
import type { BcContactDraft } from '../../core/ports.js';
import { SYNC_FIELDS } from '../../core/sync-field-names.js';
import { operationKeyOf } from '../idempotency.js';
import { REPLAY_RERUN } from '../replay.js';
import { CONTACTS, doc } from './route-kit.js';
import type { BcRouteKit } from './route-kit.js';
import * as S from './schemas.js';

/**
 * A facade extension (BC's API has no such route; a tenant answers it 404): the id each create
 * sent with the engine's create key (bc/create-key.ts) gets, asked after the fact. The pane's
 * engine cannot tell it ahead as the in-process adapter does (createdIdOf: the facade names the
 * contact from the caller's principal, which the pane does not know), and a lost create whose
 * address BC no longer holds is told from a namesake a BC user entered only by it (review RV14,
 * core/recover-bc-creates.ts). Makes nothing and reads no contact: the id is derived from the
 * caller, the company, the key and the body, as the create names it (keyedContactId). Null where
 * the company's contacts are a tenant's upstream (it names them itself).
 */
const CREATED_IDS = `${CONTACTS}/bcsync.createdIds`;

export function registerCreatedIdsRoute(kit: BcRouteKit): void {
  kit.route(
    'POST',
    CREATED_IDS,
    {
      ...doc('Facade extension: the id each keyed create gets, without making it (null: BC names it)', {
        params: S.CompanyParams,
        body: S.CreatedIdsBody,
        response: { 200: S.CreatedIdsAnswer },
      }),
      // Reads only: asked again, it answers again (nothing kept).
      config: REPLAY_RERUN,
    },
    async (request, reply) => {
      const r = await kit.contactRead(request, reply, request.params.cid);
      const source = r.source;
      const value = await Promise.all(
        (request.body.value ?? []).map(async ({ createKey, contact }) => {
          if (!source.keyedContactIdOf) return { id: null };
          const draft: BcContactDraft = { ...emptySyncFields(), type: contact.type, createKey };
          for (const f of SYNC_FIELDS) draft[f] = contact[f];
          const key = await createKeyOf(r.cid, draft);
          // The write key a create of this key by this caller has, alone or in a $batch.
          const writeKey = key === null ? null : await operationKeyOf(request, key);
          return {
            id: writeKey === null ? null : source.keyedContactIdOf(r.cid, writeKey, createBody(draft)),
          };
        }),
      );
      return { value };
    },
  );
}
