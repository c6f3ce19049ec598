import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { SHOWN_INPUT_MAX, shownInput } from '../../src/platform/shown-input.js';
import { everyAccessOf, NO_RATE_LIMIT, startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';

const ANN_UPN = 'ann@contoso.com';

// shown: the routes' own refusals quoted what a client sent raw — a key in contacts(…), a path in a
// 404, a property name, a query option and its value, a $batch operation's id, URL and header name,
// an admin route's user: a U+202E reversed the sentence, a newline split a log line, and no reason
// carried the value, so a client could only read the message. The kind: every such place × hostile
// values; each answer bounded, nothing hidden in any text of it, the value as a parameter.

/** What must never reach an answer's text raw: controls, format characters (bidi), separators, lone surrogates. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

const HOSTILE: ReadonlyArray<[string, string]> = [
  ['120 KB', 'k'.repeat(120_000)],
  ['U+202E', 'abc\u202Edef'],
  ['newline', 'a\nb'],
  ['ESC', 'a\u001b[31mb'],
  ['U+2066 and U+2028', 'a\u2066b\u2028c'],
];

let server: QuietServer;
let auth = '';
let cid = '';
let members = '';
beforeAll(async () => {
  server = await startQuietServer('bcsync-quoted-', { overrides: NO_RATE_LIMIT });
  const access = await everyAccessOf(server, ANN_UPN);
  auth = access.facade;
  cid = access.companyId;
  members = `/admin/v1/companies/${cid}/members/:user`;
});
afterAll(async () => {
  await server?.close();
});

type Request = { method: 'GET' | 'POST' | 'PUT'; url: string; body?: unknown };
const enc = encodeURIComponent;
const contacts = () => `/api/v2.0/companies(${cid})/contacts`;
const batch = (requests: unknown[]): Request => ({
  method: 'POST',
  url: '/api/v2.0/$batch',
  body: { requests },
});

/** Each place that quotes input: the request with the hostile value `v` in it. */
const PLACES: ReadonlyArray<[string, (v: string) => Request]> = [
  ['the company key in the URL', (v) => ({ method: 'GET', url: `/api/v2.0/companies(${enc(v)})/contacts` })],
  ['the contact key in the URL', (v) => ({ method: 'GET', url: `${contacts()}(${enc(v)})` })],
  ['an unknown path (404)', (v) => ({ method: 'GET', url: `/api/v2.0/${enc(v)}` })],
  [
    'an unknown property name',
    (v) => ({ method: 'POST', url: contacts(), body: { displayName: 'a', [v]: 'x' } }),
  ],
  ['a type value', (v) => ({ method: 'POST', url: contacts(), body: { displayName: 'a', type: v } })],
  ['an unsupported query option', (v) => ({ method: 'GET', url: `${contacts()}?$${enc(v)}=1` })],
  ['a query option twice', (v) => ({ method: 'GET', url: `${contacts()}?$top=1&${enc(v)}=1&${enc(v)}=2` })],
  ['a $top value', (v) => ({ method: 'GET', url: `${contacts()}?$top=${enc(v)}` })],
  ['a $skiptoken value', (v) => ({ method: 'GET', url: `${contacts()}?$skiptoken=${enc(v)}` })],
  ['a $batch id twice', (v) => batch([0, 1].map(() => ({ id: v, method: 'GET', url: 'companies' })))],
  ['a $batch url', (v) => batch([{ id: '1', method: 'GET', url: `/x${v}` }])],
  [
    'a $batch header name twice',
    (v) => batch([{ id: '1', method: 'GET', url: 'companies', headers: { [`X${v}`]: 'a', [`x${v}`]: 'b' } }]),
  ],
  ['an admin route user', (v) => ({ method: 'PUT', url: members.replace(':user', enc(`x${v}`)) })],
];

/** Every string in an answer (messages, targets, parameters), wherever it stands. */
function stringsOf(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (v === null || typeof v !== 'object') return [];
  return Object.values(v).flatMap(stringsOf);
}

describe('every route refusal that quotes input × hostile values', () => {
  test.each(PLACES)('%s: bounded, nothing hidden, the value as a parameter', async (_place, request) => {
    const wrong: string[] = [];
    for (const [name, value] of HOSTILE) {
      const { method, url, body } = request(value);
      const res = await server.app.inject({
        method,
        url,
        headers: { authorization: auth, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      const answer = res.json() as { error?: { message?: string; details?: Array<{ reason?: object }> } };
      const message = String(answer.error?.message);
      const reason = answer.error?.details?.[0]?.reason ?? {};
      const problems = [
        res.statusCode < 400 || res.statusCode >= 500 ? `status ${res.statusCode}` : '',
        res.body.length > 4_000 ? `${res.body.length} bytes` : '',
        stringsOf(answer).some((s) => HIDDEN.test(s)) ? 'a hidden character' : '',
        stringsOf(reason).some((s) => s.length > SHOWN_INPUT_MAX + 1) ? 'a long parameter' : '',
        // Where the message quotes the value (its first characters as shownInput writes them), a
        // parameter carries it with its length as sent.
        message.includes(shownInput(value, 20).slice(0, -1)) &&
        !Object.keys(reason).some((k) => k.endsWith('Length'))
          ? 'no quoted parameter'
          : '',
      ].filter((p) => p !== '');
      if (problems.length > 0)
        wrong.push(`${name}: ${res.statusCode} ${message.slice(0, 80)}: ${problems.join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });

  test('the named example: contacts(…) with U+202E is refused with the key escaped and its length', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: `${contacts()}(${enc('abc\u202Edef')})`,
      headers: { authorization: auth },
    });
    expect(res.statusCode).toBe(400);
    const error = (res.json() as { error: { message: string; details: Array<{ reason: object }> } }).error;
    expect(error.message).toBe("'abc\\u202Edef' is not a valid contact id (a GUID).");
    expect(error.details[0]!.reason).toMatchObject({ kind: 'format', key: 'abc\\u202Edef', keyLength: 7 });
  });
});
