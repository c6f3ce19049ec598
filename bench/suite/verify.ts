/**
 * The end-state check after a run: how many contacts are out of sync between BC (its in-scope
 * persons) and the Outlook folder, by e-mail. A contact is out of sync when it is missing on one
 * side, duplicated in Outlook, or its name or job title differ. These are the writes a run lost.
 */
import { inScope } from './bc-data.js';
import type { World } from './world.js';

const emailOf = (c: Record<string, unknown>): string =>
  (((c.emailAddresses as { address?: string }[] | undefined) ?? [])[0]?.address ?? '').toLowerCase();

export async function outOfSync(world: World, companyId: string, upn: string): Promise<number> {
  const bc = await inScope(world.db, companyId);
  const outlook = await world.folderContacts(upn);
  const byEmail = new Map<string, Record<string, unknown>[]>();
  for (const o of outlook) {
    const list = byEmail.get(emailOf(o)) ?? [];
    list.push(o);
    byEmail.set(emailOf(o), list);
  }
  let off = 0;
  const bcEmails = new Set<string>();
  for (const c of bc) {
    const email = c.email.toLowerCase();
    bcEmails.add(email);
    const found = byEmail.get(email) ?? [];
    const o = found[0];
    if (found.length !== 1 || !o) off++;
    else if ((o.displayName ?? '') !== c.displayName || (o.jobTitle ?? '') !== c.jobTitle) off++;
  }
  for (const email of byEmail.keys()) if (!bcEmails.has(email)) off++;
  return off;
}
