import type { OutlookOnlyProperty } from '../../src/core/outlook-only.js';

/**
 * What an Outlook user keeps in each property BC has no field for, as Graph requests: a PATCH of
 * the property in Graph's shape, or for the photo (a relationship, not a property) a PUT of the
 * image to …/photo/$value. Shared by the mailbox contract and the folder-move test, so a property
 * added to OUTLOOK_ONLY_PROPERTIES needs one sample here (F54, F58).
 */
const SAMPLE_VALUES: Record<Exclude<OutlookOnlyProperty, 'photo'>, unknown> = {
  categories: ['Customers'],
  birthday: '1980-05-17T00:00:00Z',
  // Not one of the forms Outlook derives from the name (outlook-only.ts fileAsIsOwn).
  fileAs: 'Bo (Uppsala office)',
  nickName: 'Bo',
  title: 'Dr.',
  yomiGivenName: 'ボ',
  yomiSurname: 'リンド',
  yomiCompanyName: 'コントソ',
  generation: 'Jr.',
  imAddresses: ['sip:bo@contoso.com'],
  department: 'Purchasing',
  officeLocation: 'Building 7',
  profession: 'Buyer',
  assistantName: 'Kim',
  manager: 'Alex',
  homePhones: ['+46 8 123 456'],
  spouseName: 'Sam',
  personalNotes: 'Prefers calls after 10',
  children: ['Ann'],
  homeAddress: { city: 'Uppsala' },
  otherAddress: { street: 'Box 12' },
};

/** A 1 × 1 PNG, the smallest photo Outlook keeps. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The user gives `property` a value (`holds` true) or clears it, on the contact at `contactUrl`
 * (…/contacts/{id}, absolute). A photo cannot be cleared through Graph ("The delete operation
 * supports only user or group photos, but not Outlook contact nor Teams photos"): asking to is an
 * error of the test.
 */
export async function graphUserSets(
  contactUrl: string,
  token: string,
  property: OutlookOnlyProperty,
  holds: boolean,
): Promise<void> {
  const authorization = `Bearer ${token}`;
  let res: Response;
  if (property === 'photo') {
    if (!holds) throw new Error('Graph cannot remove a contact photo');
    res = await fetch(`${contactUrl}/photo/$value`, {
      method: 'PUT',
      headers: { authorization, 'content-type': 'image/png' },
      body: new Uint8Array(TINY_PNG),
    });
  } else {
    const value = SAMPLE_VALUES[property];
    res = await fetch(contactUrl, {
      method: 'PATCH',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ [property]: holds ? value : Array.isArray(value) ? [] : null }),
    });
  }
  if (!res.ok) throw new Error(`${property}: ${res.status} ${await res.text()}`);
}
