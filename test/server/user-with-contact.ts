import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { outlookPerson } from '../support/world.js';
import type { SyncHarness } from './sync-harness.js';

/**
 * A new user of `h` (`name-n@contoso.com`) whose sync folder holds a contact of `email` typed in
 * Outlook, not in BC yet: the colleague who would import it. `n` numbers the user and its contact.
 */
export async function userWithContact(
  h: SyncHarness,
  n: number,
  name: string,
  email: string,
): Promise<{ upn: string; userId: string }> {
  const upn = `${name}-${n}@contoso.com`;
  const userId = devUserKey(upn);
  const folder = await h.mailbox(userId).ensureFolder('Business Central');
  h.mailbox(userId).userCreate(
    folder.id,
    outlookPerson(n, { emailAddresses: [{ address: email, name: 'New' }] }),
  );
  return { upn, userId };
}
