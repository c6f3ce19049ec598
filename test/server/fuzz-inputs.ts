import fc from 'fast-check';
import { CONTACT_FIELDS } from '../../src/server/bc-api/contact-fields.js';
import type { RunningServer } from '../../src/server/main.js';
import { FILTER_SYNTAX } from '../support/filter-tokens.js';

/**
 * The fuzzer's route table and input generators (issue 10 §3). Inputs are mostly shaped like what
 * a route accepts (property names and types from its JSON schema, OData tokens in `$filter`), so
 * they get past validation and reach the handlers, with enough plain noise to hit the edges.
 */

export interface Endpoint {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path with each `{param}` replaced, in order, by the (percent-encoded) fuzzed segments. */
  url(params: readonly string[]): string;
  readonly params: number;
  readonly queryNames: readonly string[];
  /** The JSON schema of the body; null for routes without one. */
  readonly body: Schema | null;
  readonly hasBody: boolean;
  readonly bodyNames: Schema | null;
  readonly auth: string;
}

export type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  nullable?: boolean;
};

const WEIRD = [
  '',
  ' ',
  '*',
  '?',
  "'",
  "''",
  '%',
  '%00',
  '\u0000',
  '\uD800',
  '😀',
  '..',
  '|',
  '&',
  '@',
  '()',
  '\r\n',
  '-1',
  '0',
  '1e309',
  'NaN',
  'null',
  'true',
  '2026-03-01T08:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'a'.repeat(300),
  'x'.repeat(5000),
  '__proto__',
  'constructor',
];

/** Text: printable, any UTF-16 (lone surrogates included), or a known troublemaker. */
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...WEIRD) },
  { weight: 1, arbitrary: fc.uuid() },
);

/** encodeURIComponent throws on lone surrogates; a client could not send them either. */
const clean = (s: string) => s.replace(/[\uD800-\uDFFF]/g, '\uFFFD');

/** One path segment, percent-encoded as a client would send it. */
export const segment = text.map((s) => encodeURIComponent(clean(s)));

const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e21),
);

/** Any JSON value (bounded depth). */
const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A value shaped by `schema`, with a chance of anything else at every level. */
function fromSchema(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return anyJson;
  const alternatives = schema.anyOf ?? schema.oneOf;
  const shaped: fc.Arbitrary<unknown> = alternatives
    ? fc.oneof(...alternatives.map((s) => fromSchema(s, depth + 1)))
    : shapedBy(schema, depth);
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: anyJson });
}

function shapedBy(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), text);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const props = schema.properties ?? {};
      const record = fc.record(
        Object.fromEntries(Object.entries(props).map(([k, s]) => [k, fromSchema(s, depth + 1)])),
        { requiredKeys: [] },
      );
      return fc.oneof(
        { weight: 4, arbitrary: record },
        {
          weight: 1,
          arbitrary: fc
            .tuple(record, fc.dictionary(text, anyJson, { maxKeys: 2 }))
            .map(([a, b]) => ({ ...b, ...a })),
        },
      );
    }
    case 'array':
      return fc.array(fromSchema(schema.items, depth + 1), { maxLength: 5 });
    case 'string':
      return text;
    case 'integer':
    case 'number': {
      const edges = [schema.minimum, schema.maximum].filter((n): n is number => n !== undefined);
      return fc.oneof(
        fc.integer(),
        fc.double(),
        fc.constantFrom(...edges, ...edges.map((n) => n - 1), ...edges.map((n) => n + 1), 0, -1),
      );
    }
    case 'boolean':
      return fc.oneof(fc.boolean(), text);
    default:
      return anyJson;
  }
}

const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/json; charset=utf-16',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
];

/** Bytes that never occur in UTF-8 (C0, F5–FF), or only inside a sequence (80, BF), or start one (E2, ED). */
const NOT_UTF8 = [0x80, 0xbf, 0xc0, 0xe2, 0xed, 0xf5, 0xff];

/**
 * A request body: JSON shaped by the schema, any JSON, or not JSON at all; mostly as
 * application/json. Some are schema-shaped JSON with one byte overwritten so they are no longer
 * UTF-8 (issue 10 §3: such bytes became U+FFFD silently).
 */
export function bodies(
  schema: Schema | null,
): fc.Arbitrary<{ payload: string | Buffer; headers: Record<string, string> }> {
  const shaped = fromSchema(schema ?? undefined).map((v) => JSON.stringify(v) ?? 'null');
  const payload = fc.oneof(
    { weight: 6, arbitrary: shaped },
    { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    {
      weight: 1,
      arbitrary: fc.tuple(shaped, fc.nat(), fc.constantFrom(...NOT_UTF8)).map(([json, at, byte]) => {
        const bytes = Buffer.from(json);
        bytes[at % bytes.length] = byte;
        return bytes;
      }),
    },
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  );
  const ifMatch = fc.option(fc.oneof(fc.constant('*'), text), { nil: undefined });
  return fc.record({ payload, contentType, ifMatch }).map(({ payload: p, contentType: ct, ifMatch: im }) => ({
    payload: p,
    headers: {
      'content-type': ct,
      ...(im === undefined ? {} : { 'if-match': im.replace(/[^\t\x20-\x7e]/g, '') }),
    },
  }));
}

const FIELDS = Object.keys(CONTACT_FIELDS);
const ODATA_TOKENS = [
  ...FIELDS,
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'and',
  'or',
  'not',
  '(',
  ')',
  ',',
  "'a'",
  "'O''Neil'",
  "'",
  '1',
  '-2.5e3',
  'true',
  'null',
  '2026-03-01',
  '2026-03-01T08:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'contains(displayName,',
  'startswith(',
  'endswith(email,',
  "emailAddresses/any(a:a/address eq 'x')",
  "displayName eq 'x'",
  'id eq',
  '$filter=',
];

/** OData `$filter` text: tokens in any order (mostly nonsense, sometimes valid), or plain noise. */
const odataFilter = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(fc.constantFrom(...ODATA_TOKENS), { maxLength: 12 }).map((t) => t.join(' ')),
  },
  { weight: 1, arbitrary: text },
);

/** BC filter text (the sync settings' and match-preview's `filter` values). */
export const bcFilter = fc
  .array(fc.constantFrom(...FILTER_SYNTAX, 'a', 'Smith', '10', ' ', '!'), { maxLength: 16 })
  .map((t) => t.join(''));

/** A query string over `names` (and a stray one now and then), percent-encoded. */
export function queryText(names: readonly string[]): fc.Arbitrary<string> {
  const value = (name: string) => (name === '$filter' ? odataFilter : name === 'filter' ? bcFilter : text);
  const known = names.length > 0 ? fc.constantFrom(...names) : fc.constant('x');
  const pair = fc.oneof(
    { weight: 4, arbitrary: known.chain((n) => value(n).map((v) => [n, v] as const)) },
    { weight: 1, arbitrary: fc.tuple(text, text) },
  );
  return fc
    .array(pair, { maxLength: 4 })
    .map((pairs) =>
      pairs.map(([k, v]) => `${encodeURIComponent(clean(k))}=${encodeURIComponent(clean(v))}`).join('&'),
    );
}

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string }[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
};

function template(
  path: string,
  fill: (name: string) => string | null,
): (params: readonly string[]) => string {
  return (params) => {
    let i = 0;
    return path.replace(/\{(\w+)\}/g, (_, name: string) => fill(name) ?? params[i++] ?? '');
  };
}

const contactSchema: Schema = {
  type: 'object',
  properties: Object.fromEntries(
    Object.entries(CONTACT_FIELDS).map(([k, f]) => [
      k,
      { type: f.type === 'boolean' ? 'boolean' : 'string' },
    ]),
  ),
};

const graphContact: Schema = {
  type: 'object',
  properties: {
    givenName: { type: 'string' },
    surname: { type: 'string' },
    displayName: { type: 'string' },
    companyName: { type: 'string' },
    jobTitle: { type: 'string' },
    emailAddresses: {
      type: 'array',
      items: { type: 'object', properties: { address: { type: 'string' }, name: { type: 'string' } } },
    },
    businessPhones: { type: 'array', items: { type: 'string' } },
    mobilePhone: { type: 'string' },
    businessAddress: {
      type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' }, postalCode: { type: 'string' } },
    },
    categories: { type: 'array', items: { type: 'string' } },
    singleValueExtendedProperties: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, value: { type: 'string' } } },
    },
  },
};

const batchSchema: Schema = {
  type: 'object',
  properties: {
    requests: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          method: { enum: ['GET', 'POST', 'PATCH', 'DELETE', 'PUT'] },
          url: {
            enum: ['/me/contacts', '/me/contactFolders', '/me/contacts/x', 'me/contactFolders/x/contacts'],
          },
          body: graphContact,
          headers: { type: 'object', properties: { 'content-type': { enum: ['application/json'] } } },
          dependsOn: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

/**
 * Every route the fuzzer drives: the BC API (by hand, to fix the company id and name its OData
 * options, plus its catch-all), every other route of the OpenAPI document (so a new route is fuzzed
 * without touching this file) and Graph.
 * Not fuzzed: /dev (mints tokens by design), /_emulator and /internal (admin-token test controls).
 */
export function endpointsOf(options: {
  openapi: object;
  companyId: string;
  facade: string;
  graph: string;
}): Endpoint[] {
  const { companyId, facade, graph } = options;
  const list: Endpoint[] = [];
  const add = (
    method: Endpoint['method'],
    path: string,
    auth: string,
    queryNames: readonly string[],
    body: Schema | null,
    fixed: Record<string, string> = {},
  ) => {
    const params = (path.match(/\{\w+\}/g) ?? []).filter((p) => !(p.slice(1, -1) in fixed)).length;
    list.push({
      name: `${method} ${path}`,
      method,
      url: template(path, (name) => fixed[name] ?? null),
      params,
      queryNames,
      body,
      hasBody: method === 'POST' || method === 'PUT' || method === 'PATCH',
      bodyNames: body,
      auth,
    });
  };
  const cid = { cid: companyId };
  const listOptions = ['$filter', '$select', '$orderby', '$top', '$skip', '$skiptoken', '$expand', '$count'];
  add('GET', '/api/v2.0/companies', facade, [], null);
  add('GET', '/api/v2.0/companies({cid})', facade, [], null);
  add('GET', '/api/v2.0/$metadata', facade, [], null);
  add('GET', '/api/v2.0/companies({cid})/contacts', facade, listOptions, null, cid);
  add('POST', '/api/v2.0/companies({cid})/contacts', facade, [], contactSchema, cid);
  add('GET', '/api/v2.0/companies({cid})/contacts({id})', facade, ['$select'], null, cid);
  add('PATCH', '/api/v2.0/companies({cid})/contacts({id})', facade, [], contactSchema, cid);
  add('DELETE', '/api/v2.0/companies({cid})/contacts({id})', facade, [], null, cid);
  add('GET', '/api/v2.0/companies({cid})/countriesRegions', facade, listOptions, null, cid);
  add('GET', '/api/v2.0/companies({cid})/countriesRegions({id})', facade, [], null, cid);
  add('GET', '/api/v2.0/companies({cid})/{x}', facade, listOptions, null, cid);

  const doc = options.openapi as OpenApi;
  const listed = new Set(list.map((e) => e.name));
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const m = method.toUpperCase() as Endpoint['method'];
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(m) || listed.has(`${m} ${path}`)) continue;
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const schema = op.requestBody?.content?.['application/json']?.schema ?? null;
      add(m, path, facade, query, schema);
    }
  }

  const g = '/graph/v1.0';
  const graphList = ['$filter', '$select', '$top', '$skip', '$orderby', '$expand', '$count'];
  add('GET', `${g}/me/contactFolders`, graph, graphList, null);
  add('POST', `${g}/me/contactFolders`, graph, [], {
    type: 'object',
    properties: { displayName: { type: 'string' }, parentFolderId: { type: 'string' } },
  });
  add('GET', `${g}/me/contactFolders/{id}`, graph, ['$select'], null);
  add('PATCH', `${g}/me/contactFolders/{id}`, graph, [], {
    type: 'object',
    properties: { displayName: { type: 'string' } },
  });
  add('DELETE', `${g}/me/contactFolders/{id}`, graph, [], null);
  add('GET', `${g}/me/contactFolders/{id}/contacts`, graph, graphList, null);
  add('POST', `${g}/me/contactFolders/{id}/contacts`, graph, [], graphContact);
  add(
    'GET',
    `${g}/me/contactFolders/{id}/contacts/delta`,
    graph,
    ['$deltatoken', '$skiptoken', '$select'],
    null,
  );
  add('GET', `${g}/me/contacts`, graph, graphList, null);
  add('POST', `${g}/me/contacts`, graph, [], graphContact);
  add('GET', `${g}/me/contacts/{id}`, graph, ['$select', '$expand'], null);
  add('PATCH', `${g}/me/contacts/{id}`, graph, [], graphContact);
  add('DELETE', `${g}/me/contacts/{id}`, graph, [], null);
  add('GET', `${g}/users/{id}/contacts`, graph, graphList, null);
  add('POST', `${g}/$batch`, graph, [], batchSchema);
  add('GET', `${g}/{x}`, graph, graphList, null);
  return list;
}

/** endpointsOf over `server`'s own OpenAPI document, with the given tokens and company. */
export async function endpointsServedBy(
  server: RunningServer,
  access: { readonly facade: string; readonly graph: string; readonly companyId: string },
): Promise<Endpoint[]> {
  const openapi = (await server.app.inject({ url: '/docs/openapi.json' })).json() as object;
  return endpointsOf({ openapi, ...access });
}
