import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { SHOWN_INPUT_MAX, shownInput } from '../../src/platform/shown-input.js';
import { parseContactQuery, parseOrderBy } from '../../src/server/bc-api/odata-query.js';
import { parseFilter } from '../../src/server/bc-api/odata-filter.js';
import { ANN_UPN, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';
import { everyFacadeAccess } from '../support/quiet-server.js';

// echo: a refusal that quotes what a client sent (a property name, a JSON Pointer, a query option,
// a content type) quoted it raw: a U+202E in a duplicate name reversed the sentence, a 120 KB name
// made a 120 KB answer, and the reason had no parameters, so the pane could only say "refused".
// The kind: every place the input guard quotes input, on every API's routes, × hostile values.

/** What must never reach a message raw: controls, format characters (bidi), separators, lone surrogates. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

const HOSTILE: ReadonlyArray<[string, string]> = [
  ['120 KB', 'k'.repeat(120_000)],
  ['U+202E', 'abc\u202Edef'],
  ['NUL', 'a\u0000b'],
  ['newline', 'a\nb'],
  ['ESC', 'a\u001b[31mb'],
  ['U+2066 and U+2028', 'a\u2066b\u2028c'],
];

describe('shownInput: bounded, hidden characters visible', () => {
  test('any text: at most SHOWN_INPUT_MAX characters and an ellipsis, nothing hidden, a prefix escaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const shown = shownInput(text);
        expect(shown.length).toBeLessThanOrEqual(SHOWN_INPUT_MAX + 1);
        expect(HIDDEN.test(shown)).toBe(false);
      }),
    );
  });

  test.each([
    ['plain text as is', 'folderName', 'folderName'],
    ['U+202E escaped', 'abc\u202Edef', 'abc\\u202Edef'],
    ['NUL, newline, ESC escaped', 'a\u0000\n\u001b', 'a\\u0000\\u000A\\u001B'],
    ['an astral format character whole', 'x\u{E0001}', 'x\\u{E0001}'],
    ['an emoji kept (a pair is not split)', '😀'.repeat(60), `${'😀'.repeat(50)}…`],
    ['120 KB cut', 'k'.repeat(120_000), `${'k'.repeat(100)}…`],
  ])('%s', (_name, text, shown) => {
    expect(shownInput(text)).toBe(shown);
  });
});

const ADMIN = 'quoted-input-admin-token-0123456789';
let h: SyncHarness;
let auth = '';
beforeAll(async () => {
  h = await syncHarness({ adminToken: ADMIN });
  auth = await everyFacadeAccess(h.issuer, ANN_UPN);
});
afterAll(() => h?.close());

const GUID = '0b5a51c2-6d0e-4c9a-9a37-5d2f2f1b0c11';
const concrete = (url: string): string =>
  url.replace(/\(:[^)]+\)/g, `(${GUID})`).replace(/:[A-Za-z]+/g, GUID);

/** One route that takes a body per API: the sync API, the BC API, admin, internal. */
function oneRoutePerApi(): Array<[string, string]> {
  const out = new Map<string, [string, string]>();
  for (const r of h.routes)
    for (const method of [r.method].flat()) {
      const api = /^\/(sync\/v1|api|admin|internal)\//.exec(r.url)?.[1];
      if (api && ['POST', 'PUT', 'PATCH'].includes(method) && !out.has(api))
        out.set(api, [method, concrete(r.url)]);
    }
  return [...out.values()];
}

/** Whether `message` shows `value` (its first characters, as shownInput writes them). */
const quotes = (message: string, value: string): boolean =>
  message.includes(shownInput(value, 20).slice(0, -1));

const key = (v: string): string => JSON.stringify(v);
let nest = '1';
for (let i = 0; i < 40; i++) nest = `[${nest}]`;

/** Each place that quotes input: what to send with the hostile value `v` in it. */
const PLACES: ReadonlyArray<[string, (v: string) => { body: string; type?: string; query?: string }]> = [
  ['a name given twice', (v) => ({ body: `{${key(v)}:1,${key(v)}:2}` })],
  ['__proto__ under the name (pointer)', (v) => ({ body: `{${key(v)}:{"__proto__":{}}}` })],
  ['NUL in a value under the name', (v) => ({ body: `{${key(v)}:"\\u0000"}` })],
  ['a lone surrogate under the name', (v) => ({ body: `{${key(v)}:"\\ud800"}` })],
  ['an infinite number under the name', (v) => ({ body: `{${key(v)}:1e400}` })],
  ['too deep under the name', (v) => ({ body: `{${key(v)}:${nest}}` })],
  ['the content type', (v) => ({ body: '{}', type: `application/${v}` })],
  ['the charset', (v) => ({ body: '{}', type: `application/json; charset=${v}` })],
  ['NUL in a query option name', (v) => ({ body: '{}', query: `${encodeURIComponent(v)}%00=1` })],
  ['not JSON after the name', (v) => ({ body: `{${key(v)} 1}` })],
  ['an undecodable query option', (v) => ({ body: '{}', query: `${encodeURIComponent(v)}%ED%A0%80=1` })],
];

describe('every place that quotes input × every API × hostile values', () => {
  test('answers bounded, nothing hidden in the message, the value as a parameter', async () => {
    const routes = oneRoutePerApi();
    expect(routes.map(([, url]) => url.split('/')[1])).toEqual(
      expect.arrayContaining(['sync', 'api', 'admin', 'internal']),
    );
    const wrong: string[] = [];
    for (const [place, request] of PLACES)
      for (const [name, value] of HOSTILE)
        for (const [method, url] of routes) {
          const { body, type, query } = request(value);
          const res = await h.app.inject({
            method: method as 'POST',
            url: query ? `${url}?${query}` : url,
            headers: {
              'content-type': type ?? 'application/json',
              ...(url.startsWith('/internal/') ? { 'x-admin-token': ADMIN } : { authorization: auth }),
            },
            payload: body,
          });
          const error = (res.json() as { error?: Record<string, unknown> }).error ?? {};
          const details = (error.details ?? []) as Array<{ reason?: Record<string, unknown> }>;
          const reason = details[0]?.reason ?? {};
          const shown = Object.values(reason).filter((p): p is string => typeof p === 'string');
          const lengths = Object.keys(reason).filter((k) => k.endsWith('Length'));
          const problems = [
            res.statusCode < 400 || res.statusCode >= 500 ? `status ${res.statusCode}` : '',
            res.body.length > 4_000 ? `${res.body.length} bytes` : '',
            HIDDEN.test(String(error.message)) ? 'hidden character in the message' : '',
            // 413 and 414: a 120 KB body or query is refused by its size, quoting nothing.
            ![413, 414].includes(res.statusCode) && Object.keys(reason).length < 2 ? 'no parameters' : '',
            // Where the message quotes the value (the first 20 characters of it), a parameter does too.
            quotes(String(error.message), value) && lengths.length === 0 ? 'no quoted parameter' : '',
            shown.some((p) => HIDDEN.test(p) || p.length > SHOWN_INPUT_MAX + 1) ? 'a raw parameter' : '',
          ].filter((p) => p !== '');
          if (problems.length > 0)
            wrong.push(
              `${res.statusCode} ${String(error.code)} ${place} × ${name} × ${method} ${url}: ${problems.join(', ')}`,
            );
        }
    expect(wrong).toEqual([]);
  });
});

describe('the BC API query options quote what they were sent the same way', () => {
  const refusalOf = (run: () => unknown): string => {
    try {
      run();
    } catch (e) {
      return (e as Error).message;
    }
    return '';
  };
  const PLACES_BC: ReadonlyArray<[string, (v: string) => unknown]> = [
    ['$select with an empty name', (v) => parseContactQuery({ $select: `displayName,,${v}` })],
    ['$orderby not a term', (v) => parseOrderBy(`displayName ${v}`)],
    ['$orderby an unknown property', (v) => parseOrderBy(`x${v}`)],
    ['$filter an unexpected character', (v) => parseFilter(`displayName eq 'a' ${v.slice(-1)}`)],
  ];
  test.each(PLACES_BC.flatMap(([place, run]) => HOSTILE.map(([name, v]) => [place, name, run, v] as const)))(
    '%s × %s: bounded, nothing hidden',
    (_place, _name, run, value) => {
      const message = refusalOf(() => run(value));
      expect(message).not.toBe('');
      expect(HIDDEN.test(message)).toBe(false);
      expect(message.length).toBeLessThan(600);
    },
  );
});
