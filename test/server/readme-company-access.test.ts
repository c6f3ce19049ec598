import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { DEMO_COMPANY_ID } from '../../src/store/demo-seed.js';
import { NO_RATE_LIMIT, startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';

/**
 * F87: the README's "Company access" example, run as written (bash, curl, jq) against `npm start`'s
 * wiring for a user who never signed in: it must find the company id itself and end with Bob a
 * member. Only the origin is swapped (the test's server listens on a free port, plain HTTP: curl's
 * -k is then moot).
 */
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const run = promisify(execFile);
let server: QuietServer;

beforeAll(async () => {
  server = await startQuietServer('bcsync-readme-access-', { overrides: NO_RATE_LIMIT });
});
afterAll(async () => {
  await server?.close();
});

/** The first sh block of the README section "Company access", unindented. */
function companyAccessExample(): string {
  const section = README.split(/^#+ /m).find((s) => s.startsWith('Company access\n')) ?? '';
  const block = /```sh\n([\s\S]*?)\n\s*```/.exec(section)?.[1];
  expect(block).toBeDefined();
  return block!.replace(/^ {2}/gm, '');
}

async function bash(script: string): Promise<string[]> {
  const local = script.replaceAll('https://localhost:3000', server.url);
  expect(local).not.toBe(script);
  const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', local], { timeout: 600_000 });
  return stdout.trim().split('\n');
}

const members = async () =>
  (
    await server.app.inject({
      url: `/admin/v1/companies/${DEMO_COMPANY_ID}/members`,
      headers: {
        authorization: `Bearer ${await server.ctx.devIssuer!.userToken('x@contoso.com', 'facade', { scopes: ['Memberships.ReadWrite'], roles: ['Memberships.Admin'] })}`,
      },
    })
  ).json() as { value: { userId: string }[] };

describe('README "Company access": the example works for a new user as written', () => {
  test('it names where the company id comes from and grants Bob the demo company', async () => {
    const example = companyAccessExample();
    expect(example).toContain('/admin/v1/companies');
    expect(example).not.toContain('<company id>');
    expect((await members()).value.map((m) => m.userId)).not.toContain(devUserKey('bob@contoso.com'));

    const [key, ...granted] = await bash(example);
    expect(key).toBe(devUserKey('bob@contoso.com'));
    expect(JSON.parse(granted.join('\n'))).toEqual(
      expect.objectContaining({ userId: devUserKey('bob@contoso.com'), upn: 'bob@contoso.com' }),
    );
    expect((await members()).value.map((m) => m.userId)).toContain(devUserKey('bob@contoso.com'));
  });

  test('without the sign-in line a new user is refused (F87 as reported): the line is needed', async () => {
    const withoutSignIn = companyAccessExample()
      .split('\n')
      .filter((l) => !l.includes('/sync/v1/me'))
      .join('\n')
      .replaceAll('bob@contoso.com', 'dee@contoso.com');
    const answer = JSON.parse((await bash(withoutSignIn)).join('\n')) as { error: { code: string } };
    expect(answer.error.code).toBe('BadRequest_NotFound');
  });

  test('GET /admin/v1/companies lists every company with its id, members or not', async () => {
    const out = await bash(
      `T=$(curl -sk 'https://localhost:3000/dev/token?user=admin@contoso.com&admin=1' | jq -r .access_token)
curl -sk -H "authorization: Bearer $T" https://localhost:3000/admin/v1/companies | jq -c .`,
    );
    const listed = JSON.parse(out.join('\n')) as { value: { id: string; name: string }[] };
    expect(listed.value.map((c) => c.id)).toContain(DEMO_COMPANY_ID);
    expect(listed.value.every((c) => /^[0-9a-f-]{36}$/i.test(c.id) && c.name.length > 0)).toBe(true);
  });
});
