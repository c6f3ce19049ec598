/** A folder that already holds every BC contact, as each client would have written it. */
import { bcToSyncFields, syncFieldsToOutlookDraft } from '../../src/core/mapping.js';
import type { BcContact } from '../../src/core/model.js';
import { toGraphBody } from '../../src/graph/contact-mapping.js';
import { allContacts } from './bc-data.js';
import type { ClientName } from './options.js';
import type { World } from './world.js';

export async function seedSyncedFolder(
  world: World,
  client: ClientName,
  companyId: string,
  upn: string,
): Promise<void> {
  const rows = (await allContacts(world.db, companyId)) as unknown as BcContact[];
  const contacts = rows.map((c) => {
    // Ours stamps the BC id; BC's own algorithms match on e-mail only.
    const body = toGraphBody(
      syncFieldsToOutlookDraft(bcToSyncFields(c), client === 'ours' ? c.id : ''),
      true,
    );
    if (client !== 'bc-wizard') return body;
    const address = (body.businessAddress ?? {}) as Record<string, unknown>;
    return { ...body, businessAddress: { ...address, street: null }, categories: ['Business Central'] };
  });
  await world.seedFolder(upn, contacts);
}
