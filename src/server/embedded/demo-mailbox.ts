import type { SeedData } from '../../emulator/index.js';

export const DEMO_USER = 'ann@contoso.com';

/**
 * Ann's mailbox for the demo: a "Business Central" folder holding one contact that matches a BC
 * contact by e-mail, one new to BC (a full sync imports it) and one without an e-mail (skipped).
 */
export function demoMailboxSeed(
  objectId: (upn: string) => string,
  match: { email: string; givenName: string; surname: string } | null,
): SeedData {
  const contact = (
    given: string,
    surname: string,
    email: string | null,
    extra: Record<string, unknown> = {},
  ) => ({
    givenName: given,
    surname,
    displayName: `${given} ${surname}`,
    emailAddresses: email ? [{ address: email, name: `${given} ${surname}` }] : [],
    ...extra,
  });
  return {
    mailboxes: [
      {
        id: objectId(DEMO_USER),
        upn: DEMO_USER,
        contacts: [contact('Private', 'Friend', 'friend@example.net')],
        folders: [
          {
            displayName: 'Business Central',
            contacts: [
              ...(match
                ? [contact(match.givenName, match.surname, match.email, { mobilePhone: '+358 40 123 4567' })]
                : []),
              contact('Lena', 'Berg', 'lena.berg@northwind.se', {
                companyName: 'Northwind Traders',
                jobTitle: 'Owner',
              }),
              contact('No', 'Address', null, { companyName: 'Unknown Ltd.' }),
            ],
          },
        ],
      },
    ],
  };
}
