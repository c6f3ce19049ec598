import { describe, expect, test, beforeAll } from '@jest/globals';
import { byCodePoint } from '../../src/pure/code-point-order.js';
import { createContact, createFolder, jsonOf, useHarness } from './harness.js';
import type { Harness } from './harness.js';

/**
 * Every place the emulator's answers name what a client sent — a query option, a path segment, an
 * id, a body's property name, a $batch item's id, dependsOn, method, url and client-request-id, a
 * header — with each hostile value: no hidden character reaches the answer raw (U+202E reversed
 * the sentence, a newline split a log line, ESC recoloured a terminal) and no answer grows with the
 * value (120 KB in, 120 KB out). Each row names the status and code it must reach, so a row whose
 * value is refused earlier for another reason fails rather than passing by saying nothing.
 */

/** What shownInput escapes: controls, format characters, separators, surrogates, ignorables. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

interface Hostile {
  name: string;
  /** The value; `long` ones are cut to `max` where the position bounds what can arrive. */
  value: (max: number) => string;
  /** What the answer shows of it when quoted: its escape. */
  shown?: string;
}

const HOSTILE: readonly Hostile[] = [
  { name: 'U+202E', value: () => 'ab\u202Ecd', shown: 'ab\\u202Ecd' },
  { name: 'newline', value: () => 'ab\ncd', shown: 'ab\\u000Acd' },
  { name: 'ESC', value: () => 'ab\u001b[31mcd', shown: 'ab\\u001B[31mcd' },
  { name: 'U+2028', value: () => 'ab\u2028cd', shown: 'ab\\u2028cd' },
  { name: 'long', value: (max) => 'x'.repeat(max) },
];

/** A URL's value: the emulator refuses a URL over 8,192 characters (UriTooLong) before any route. */
const URL_MAX = 7_000;
/** A body's value: under the emulator's 64 KB body limit, so the route reads it. */
const BODY_MAX = 60_000;

interface Answer {
  status: number;
  error: { code: string; message: string; innerError: Record<string, string> };
}

interface Position {
  name: string;
  status: number;
  code: string;
  max: number;
  /** The value's characters must be sendable (HTTP headers: no newline). */
  header?: boolean;
  /** The longest message this position may give. */
  bound?: number;
  ask: (h: Harness, v: string) => Promise<Answer>;
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  const body = JSON.parse(text) as { error?: Answer['error'] };
  if (!body.error) throw new Error(`${response.status} without an error body: ${text.slice(0, 300)}`);
  return { status: response.status, error: body.error };
}

/** One $batch item's answer (or the whole batch's 400 when the envelope is refused). */
async function batchAnswer(h: Harness, requests: unknown[], id?: string): Promise<Answer> {
  const response = await h.call('POST', '/$batch', { requests });
  if (id === undefined) return answerOf(response);
  const body = (await jsonOf(response)) as {
    responses: { id: string; status: number; body: { error: Answer['error'] } }[];
  };
  const item = body.responses.find((r) => r.id === id)!;
  return { status: item.status, error: item.body.error };
}

/** A header's value as HTTP carries it: its UTF-8 bytes, each one latin-1 character. */
const asHeader = (v: string): string => Buffer.from(v, 'utf8').toString('latin1');

let folder = '';
let contact = '';

const q = (v: string): string => encodeURIComponent(v);
const POSITIONS: readonly Position[] = [
  ...(['filter', 'select', 'top', 'skip', 'orderby', 'expand'] as const).map((option): Position => ({
    name: `$${option}`,
    status: 400,
    code: option === 'filter' ? 'ErrorInvalidUrlQueryFilter' : 'BadRequest',
    max: URL_MAX,
    ask: async (h, v) => answerOf(await h.call('GET', `/me/contacts?$${option}=${q(v)}`)),
  })),
  {
    name: '$skiptoken of a delta',
    status: 400,
    code: 'ErrorInvalidSyncStateData',
    max: URL_MAX,
    ask: async (h, v) =>
      answerOf(await h.call('GET', `/me/contactFolders/${folder}/contacts/delta?$skiptoken=${q(v)}`)),
  },
  {
    name: 'the first path segment',
    status: 400,
    code: 'BadRequest',
    max: URL_MAX,
    ask: async (h, v) => answerOf(await h.call('GET', `/x${q(v)}/contacts`)),
  },
  {
    name: 'a segment below the mailbox',
    status: 400,
    code: 'BadRequest',
    max: URL_MAX,
    ask: async (h, v) => answerOf(await h.call('GET', `/me/x${q(v)}`)),
  },
  {
    name: 'a segment below a folder',
    status: 400,
    code: 'BadRequest',
    max: URL_MAX,
    ask: async (h, v) => answerOf(await h.call('GET', `/me/contactFolders/${folder}/x${q(v)}`)),
  },
  {
    name: 'a path outside /v1.0',
    status: 404,
    code: 'NotFound',
    max: URL_MAX,
    ask: async (h, v) => answerOf(await fetch(`${h.origin}/x${q(v)}`)),
  },
  {
    name: 'an unknown admin route',
    status: 404,
    code: 'NotFound',
    max: URL_MAX,
    ask: async (h, v) =>
      answerOf(await fetch(`${h.origin}/_emulator/x${q(v)}`, { headers: { 'x-admin-token': h.adminToken } })),
  },
  {
    name: 'a contact id in the path',
    status: 400,
    code: 'ErrorInvalidIdMalformed',
    max: URL_MAX,
    ask: async (h, v) => answerOf(await h.call('GET', `/me/contacts/${q(v)}`)),
  },
  {
    name: 'a user id in the path',
    status: 400,
    code: 'ErrorInvalidIdMalformed',
    max: URL_MAX,
    // Only a user id longer than any is refused by its shape; a shorter one is someone else's (403).
    ask: async (h, v) => answerOf(await h.call('GET', `/users/${q(v.padEnd(1000, 'u'))}/contacts`)),
  },
  {
    name: 'a property name of a contact POST',
    status: 400,
    code: 'RequestBodyRead',
    max: BODY_MAX,
    ask: async (h, v) => answerOf(await h.call('POST', `/me/contacts`, { [v]: 'x' })),
  },
  {
    name: 'a property name of a contact PATCH',
    status: 400,
    code: 'RequestBodyRead',
    max: BODY_MAX,
    ask: async (h, v) => answerOf(await h.call('PATCH', `/me/contacts/${contact}`, { [v]: 'x' })),
  },
  {
    name: 'an extended property id',
    status: 400,
    code: 'ErrorInvalidProperty',
    max: BODY_MAX,
    ask: async (h, v) =>
      answerOf(
        await h.call('POST', `/me/contacts`, { singleValueExtendedProperties: [{ id: v, value: 'x' }] }),
      ),
  },
  {
    name: 'a property name of a folder POST',
    status: 400,
    code: 'RequestBodyRead',
    max: BODY_MAX,
    ask: async (h, v) => answerOf(await h.call('POST', `/me/contactFolders`, { displayName: 'F', [v]: 1 })),
  },
  {
    name: 'a property name of a folder PATCH',
    status: 400,
    code: 'RequestBodyRead',
    max: BODY_MAX,
    ask: async (h, v) => answerOf(await h.call('PATCH', `/me/contactFolders/${folder}`, { [v]: 1 })),
  },
  {
    name: 'a duplicated $batch id',
    status: 400,
    code: 'BadRequest',
    max: BODY_MAX / 2,
    ask: (h, v) =>
      batchAnswer(h, [
        { id: v, method: 'GET', url: '/me/contacts' },
        { id: v, method: 'GET', url: '/me/contacts' },
      ]),
  },
  {
    name: 'a $batch id without method and url',
    status: 400,
    code: 'BadRequest',
    max: BODY_MAX,
    ask: (h, v) => batchAnswer(h, [{ id: v }]),
  },
  {
    name: 'a $batch id with a body but no Content-Type',
    status: 400,
    code: 'BadRequest',
    max: BODY_MAX,
    ask: (h, v) => batchAnswer(h, [{ id: v, method: 'POST', url: '/me/contacts', body: {} }]),
  },
  {
    name: 'a $batch dependsOn',
    status: 400,
    code: 'BadRequest',
    max: BODY_MAX,
    ask: (h, v) => batchAnswer(h, [{ id: '1', method: 'GET', url: '/me/contacts', dependsOn: [v] }]),
  },
  {
    name: "a $batch item's method",
    status: 405,
    code: 'ErrorInvalidRequest',
    max: BODY_MAX,
    ask: (h, v) => batchAnswer(h, [{ id: '1', method: v, url: '/me/contacts' }], '1'),
  },
  {
    name: "a $batch item's url",
    status: 400,
    code: 'BadRequest',
    max: BODY_MAX,
    ask: (h, v) => batchAnswer(h, [{ id: '1', method: 'GET', url: `/me/x${q(v)}` }], '1'),
  },
  {
    name: "a $batch item's client-request-id",
    status: 400,
    code: 'BadRequest',
    max: BODY_MAX,
    ask: (h, v) =>
      batchAnswer(h, [{ id: '1', method: 'GET', url: '/me/x', headers: { 'client-request-id': v } }], '1'),
  },
  {
    name: 'the client-request-id header',
    status: 400,
    code: 'BadRequest',
    max: URL_MAX,
    header: true,
    ask: async (h, v) =>
      answerOf(await h.call('GET', '/me/x', undefined, { headers: { 'client-request-id': asHeader(v) } })),
  },
  {
    name: 'the Content-Type header',
    status: 415,
    code: 'UnsupportedMediaType',
    max: URL_MAX,
    header: true,
    ask: async (h, v) =>
      answerOf(
        // A space makes it no media type at all: refused 415 with the type quoted (framework refusal).
        await h.call('POST', '/me/contacts', '{}', { headers: { 'content-type': `text/x y${asHeader(v)}` } }),
      ),
  },
  {
    name: 'the Origin header of an admin request',
    status: 403,
    code: 'Forbidden',
    max: URL_MAX,
    header: true,
    // The sentence is the shared origin check's (platform/request-origin.ts): bounded whole.
    bound: 1001,
    ask: async (h, v) =>
      answerOf(
        await fetch(`${h.origin}/_emulator/counters`, {
          headers: { 'x-admin-token': h.adminToken, origin: `http://x${asHeader(v)}` },
        }),
      ),
  },
];

describe('the emulator quotes what a client sent only as shownInput shows it', () => {
  const h = useHarness();
  beforeAll(async () => {
    folder = await createFolder(h, 'Quoted');
    contact = (await createContact(h, folder, { givenName: 'Q' })).id as string;
  });

  const rows = POSITIONS.flatMap((p) =>
    HOSTILE.filter((x) => !(p.header && (x.name === 'newline' || x.name === 'ESC'))).map(
      (x) => [p.name, x.name, p, x] as const,
    ),
  );
  test.each(rows)('%s × %s', async (_p, _x, position, hostile) => {
    const answer = await position.ask(h, hostile.value(position.max));
    expect({ status: answer.status, code: answer.error.code }).toEqual({
      status: position.status,
      code: position.code,
    });
    const texts = [answer.error.message, ...Object.values(answer.error.innerError)];
    for (const text of texts) {
      expect(HIDDEN.test(text)).toBe(false);
      expect(text.length).toBeLessThanOrEqual(position.bound ?? 400);
    }
  });

  test('the named example: a U+202E in $filter is shown as its escape, the sentence around it kept', async () => {
    const answer = await POSITIONS[0]!.ask(h, HOSTILE[0]!.value(0));
    expect(answer.error.message).toBe(`The query filter '${HOSTILE[0]!.shown}' is not supported.`);
  });

  test.each(HOSTILE.filter((x) => x.shown !== undefined))(
    'a property name holding $name is shown as its escape',
    async ({ value, shown }) => {
      const answer = await POSITIONS.find((p) => p.name === 'a property name of a contact PATCH')!.ask(
        h,
        value(0),
      );
      expect(answer.error.message).toContain(`The property '${shown}' does not exist`);
    },
  );

  test('a long value is cut to 100 characters and an ellipsis', async () => {
    const answer = await POSITIONS[0]!.ask(h, 'y'.repeat(URL_MAX));
    expect(answer.error.message).toBe(`The query filter '${'y'.repeat(100)}…' is not supported.`);
  });

  test('a GUID client-request-id is echoed as sent, header and body', async () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const response = await h.call('GET', '/me/x', undefined, { headers: { 'client-request-id': id } });
    expect(response.headers.get('client-request-id')).toBe(id);
    expect((await answerOf(response)).error.innerError['client-request-id']).toBe(id);
  });
});

describe('the emulator orders $orderby text by code point', () => {
  const h = useHarness();
  test('names whose locale order differs from their code-point order come in code-point order', async () => {
    // ICU's root collation puts 'a' before 'B', 'é' before 'f' and U+FFFD after U+1F600; code
    // points put 'B' before 'a', 'f' before 'é' and U+1F600 (a surrogate pair) last.
    const names = ['a', 'B', 'f', 'é', '\u{1F600}', '\uFFFD', 'Z', 'aa'];
    const id = await createFolder(h, 'Order');
    for (const givenName of names) await createContact(h, id, { givenName });
    const page = async (dir: string) =>
      (
        (await jsonOf(await h.call('GET', `/me/contactFolders/${id}/contacts?$orderby=givenName${dir}`)))
          .value as { givenName: string }[]
      ).map((c) => c.givenName);
    const expected = [...names].sort(byCodePoint);
    expect(expected).toEqual(['B', 'Z', 'a', 'aa', 'f', 'é', '\uFFFD', '\u{1F600}']);
    expect(await page('')).toEqual(expected);
    expect(await page('%20desc')).toEqual([...expected].reverse());
  });
});
