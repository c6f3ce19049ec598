import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';

/*
 * Issue 13 §5: a route's request and answer types come from its TypeBox schemas (the plugin is a
 * FastifyPluginAsyncTypebox, or a helper takes server/typebox-app.ts's TypeBoxApp), never stated a
 * second time by hand. A hand-written route generic (`app.get<{ Querystring: … }>`) or a cast of a
 * request part (`request.body as X`) is a second declaration the schema no longer checks.
 */
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

const RULES: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'a cast of a request part', pattern: /\brequest\.(?:body|params|query|headers)\s+as\b/ },
  { what: 'a hand-written route generic', pattern: /\bapp\.(?:get|post|put|patch|delete|route|all)</ },
  { what: 'a plugin without the TypeBox provider', pattern: /\bFastifyPluginAsync</ },
];

/** Each hit as `file:line: what`. */
function hits(path: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, i) =>
      RULES.filter((r) => r.pattern.test(line)).map((r) => `${path}:${i + 1}: ${r.what}`),
    );
}

describe('server routes', () => {
  test('the rules catch what they name', () => {
    expect(hits('x.ts', "app.get<{ Querystring: { user: string } }>('/a', h);")).toEqual([
      'x.ts:1: a hand-written route generic',
    ]);
    expect(hits('x.ts', 'write(scope, request.body as B);')).toEqual(['x.ts:1: a cast of a request part']);
    expect(hits('x.ts', 'export const r: FastifyPluginAsync<{ svc: S }> = async () => {};')).toEqual([
      'x.ts:1: a plugin without the TypeBox provider',
    ]);
    expect(hits('x.ts', "app.get('/a', { schema }, async (request) => request.query.user);")).toEqual([]);
  });

  test('take their request and answer types from their schemas only', () => {
    const found = files('src/server').flatMap((f) => hits(f, readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });
});
