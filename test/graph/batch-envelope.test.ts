import { describe, test, expect } from '@jest/globals';
import { BatchRequestContent } from '@microsoft/microsoft-graph-client';
import { batchEnvelope } from '../../src/graph/batch-envelope.js';
import type { ItemRequest } from '../../src/graph/batch-envelope.js';
import { CONTACT_QUERY } from '../../src/graph/contact-mapping.js';

/** The $batch body the Graph SDK makes of `items` (as graph-transport.ts made it before). */
async function sdkEnvelope(items: readonly ItemRequest[]): Promise<unknown> {
  const steps = items.map((item, i) => ({
    id: String(i + 1),
    request: new Request(`https://batch.invalid${item.url}`, {
      method: item.method,
      headers: {
        ...(item.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...item.headers,
      },
      ...(item.body !== undefined ? { body: JSON.stringify(item.body) } : {}),
    }),
  }));
  return new BatchRequestContent(steps).getContent();
}

const folder = '/users/ann%40contoso.com/contactFolders/AAMkAGI2AAEOt1xEUyigq3kKh2-QLS9A9PRhzcrJujFC=';

const ITEMS: ItemRequest[] = [
  // A read by id with the whole $select and $expand (the long URL whose origin the SDK cut slowly).
  {
    method: 'GET',
    url: `${folder}/contacts/AAMkAGI2bTbRSa_ljgaQt8NLxUb6AXdkOrpgvQXxaM-Rkqb_JYfY=?${CONTACT_QUERY}`,
  },
  // Text the URL parser normalizes: spaces, quotes, braces, non-ASCII, an encoded @.
  {
    method: 'GET',
    url: `${folder}/contacts?$filter=emailAddresses/any(a:a/address eq 'jürgen o''neil@bücher.de')&$top=1000&x={y} "z"`,
  },
  { method: 'GET', url: '/users/ann@contoso.com/contactFolders?$top=100&$select=id,displayName' },
  {
    method: 'GET',
    url: `${folder}/contacts/delta?$deltatoken=abc-_123`,
    headers: { Prefer: 'odata.maxpagesize=200' },
  },
  {
    method: 'POST',
    url: `${folder}/contacts`,
    body: {
      displayName: 'Jürgen Ö',
      emailAddresses: [{ address: 'j@example.com', name: 'J' }],
      businessAddress: {},
      dropped: undefined,
      n: 1.5,
    },
  },
  {
    method: 'PATCH',
    url: `${folder}/contacts/AAMkAGI2=`,
    body: { jobTitle: null, categories: ['a', 'b'] },
    headers: { 'If-Match': 'W/"EQAAABYAAAD"', 'X-Custom': 'Value' },
  },
  { method: 'DELETE', url: `${folder}/contacts/AAMkAGI2=`, headers: { 'If-Match': '*' } },
  {
    method: 'POST',
    url: '/users/ann%40contoso.com/contactFolders',
    body: { displayName: 'Business Central' },
  },
];

describe('batchEnvelope', () => {
  test('gives the $batch body the Graph SDK gives, item for item', async () => {
    const ours = batchEnvelope(ITEMS);
    expect(ours).toEqual(await sdkEnvelope(ITEMS));
    // The same JSON on the wire, property order included.
    expect(JSON.stringify(ours)).toBe(JSON.stringify(await sdkEnvelope(ITEMS)));
    for (const [i, item] of ITEMS.entries()) {
      expect(JSON.stringify(batchEnvelope([item]))).toBe(JSON.stringify(await sdkEnvelope([item])));
      expect(ours.requests[i]?.id).toBe(String(i + 1));
    }
  });

  test('an item URL is made relative to the version root and keeps its query', () => {
    const [item] = batchEnvelope([{ method: 'GET', url: `${folder}/contacts?$top=5&$skip=10` }]).requests;
    expect(item?.url).toBe(`${folder}/contacts?$top=5&$skip=10`);
    expect(item?.headers).toBeUndefined();
  });
});
