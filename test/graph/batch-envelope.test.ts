import { describe, test, expect } from '@jest/globals';
import { BatchRequestContent, BatchResponseContent } from '@microsoft/microsoft-graph-client';
import { batchAnswers, batchEnvelope } from '../../src/graph/batch-envelope.js';
import { readRaw } from '../../src/graph/graph-client.js';
import type { RawResponse } from '../../src/graph/graph-client.js';
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

type Answer = Parameters<typeof batchAnswers>[0][number];

const viaSdk = (item: Answer): Response =>
  new BatchResponseContent({ responses: [item] } as ConstructorParameters<
    typeof BatchResponseContent
  >[0]).getResponseById(item.id)!;

/** What graph-transport.ts read of a $batch answer before: the SDK's Responses, each through readRaw. */
async function sdkAnswers(responses: readonly Answer[]): Promise<Map<string, RawResponse>> {
  const parsed = new BatchResponseContent({ responses: [...responses] } as ConstructorParameters<
    typeof BatchResponseContent
  >[0]);
  const out = new Map<string, RawResponse>();
  for (const [id, response] of parsed.getResponses()) out.set(id, await readRaw(response));
  return out;
}

const headersOf = (headers: Headers): [string, string][] => {
  const out: [string, string][] = [];
  headers.forEach((value, key) => out.push([key, value]));
  return out;
};
const plain = (answers: Map<string, RawResponse>) =>
  [...answers].map(([id, a]) => ({ id, status: a.status, headers: headersOf(a.headers), body: a.body }));

const JSON_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Item answers as Graph's $batch JSON carries them (parsed), the usual and the odd. */
const ANSWERS: Answer[] = JSON.parse(
  JSON.stringify([
    {
      id: '1',
      status: 201,
      headers: { 'Content-Type': JSON_TYPE, ETag: 'W/"EQ"' },
      body: { id: 'A', n: [1, { x: null }] },
    },
    { id: '2', status: 200, headers: { 'Content-Type': 'application/json' }, body: null },
    { id: '3', status: 200, headers: { 'Content-Type': 'application/json' }, body: 'text' },
    { id: '4', status: 200, headers: { 'Content-Type': 'application/json' } },
    { id: '5', status: 204, headers: { 'Content-Type': 'application/json' } },
    { id: '6', status: 204 },
    {
      id: '7',
      status: 429,
      headers: { 'Content-Type': 'application/json', 'Retry-After': '3' },
      body: { error: { code: 'TooManyRequests', message: 'slow down' } },
    },
    { id: '8', status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'plain' },
    // Lower-case: the SDK passes the object to Response, which reads "[object Object]".
    { id: '9', status: 200, headers: { 'content-type': 'application/json' }, body: { a: 1 } },
    {
      id: '10',
      status: 404,
      headers: { 'Content-Type': 'application/json' },
      body: { error: { code: 'ErrorItemNotFound' } },
    },
    {
      id: '11',
      status: 200,
      statusText: 'OK',
      headers: { 'Content-Type': 'application/json' },
      body: { b: 2 },
    },
    { id: '12', status: 200, body: '' },
  ]),
) as Answer[];

describe('batchAnswers', () => {
  test('reads every item answer as the SDK and readRaw read it', async () => {
    const ours = await batchAnswers(ANSWERS, viaSdk, readRaw);
    expect(plain(ours)).toEqual(plain(await sdkAnswers(ANSWERS)));
    expect(ours.size).toBe(ANSWERS.length);
    // The odd ones kept what the SDK made of them.
    expect(ours.get('9')?.body).toEqual({ error: { code: 'InvalidResponse', message: '[object Object]' } });
    expect(ours.get('4')?.body).toBeNull();
    expect(ours.get('7')?.headers.get('retry-after')).toBe('3');
  });

  test('an answer the SDK cannot build throws as it did, before any is read', async () => {
    const refused: Answer[] = [
      { id: '1', status: 200, headers: { 'Content-Type': 'application/json' }, body: { a: 1 } },
      { id: '2', status: 204, headers: { 'Content-Type': 'application/json' }, body: { a: 1 } },
    ];
    const message = 'Invalid response status code 204';
    await expect(sdkAnswers(refused)).rejects.toThrow(message);
    let read = 0;
    const counted = (r: Response) => (read++, readRaw(r));
    await expect(batchAnswers(refused, viaSdk, counted)).rejects.toThrow(message);
    expect(read).toBe(0);
  });
});
