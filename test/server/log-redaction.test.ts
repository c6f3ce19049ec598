import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { loggableUrl, scrubLogLine } from '../../src/server/log-redaction.js';
import { pollUntil } from '../support/poll.js';
import { startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';

// Issue 10 §5: the logs of a full run with errors hold no token, no e-mail address and no contact
// name — not in headers, URLs, error objects or SQL parameters.

/** A line and what the scrubber makes of it. */
const NAMED_LINES: [string, string][] = [
  ['{"msg":"user ann@contoso.com"}', '{"msg":"user [email]"}'],
  ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [token]'],
  ['t=eyJhbGciOi.eyJzdWIiOiIx.sig_nature', 't=[token]'],
  // Any script, IDN and percent-encoded addresses (was ASCII-only).
  ['{"msg":"åsa@exämple.fi"}', '{"msg":"[email]"}'],
  ['to jüri.tõnisson@näide.ee now', 'to [email] now'],
  ['jüri@xn--bcher-kva.example', '[email]'],
  ['/users/%C3%A5sa%40ex%C3%A4mple.fi/contacts', '/users/[email]/contacts'],
  ['/users/ann@contoso.com/contacts', '/users/[email]/contacts'],
];

describe('log redaction', () => {
  let server: QuietServer;
  let logs = '';
  let token = '';
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));

  beforeAll(async () => {
    server = await startQuietServer('bcsync-logs-', { overrides: { logLevel: 'debug' }, logStream: stream });
    token = await server.ctx.devIssuer!.userToken('ann@contoso.com', 'facade');
  });
  afterAll(async () => {
    await server.close();
  });

  test('a full run with errors leaves no token, e-mail address or contact name in the logs', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const get = (url: string, headers: Record<string, string> = auth) =>
      fetch(`${server.url}${url}`, { headers }).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));
    const companies = (await get('/api/v2.0/companies')).body as { value: { id: string }[] };
    const contacts = `/api/v2.0/companies(${companies.value[0]!.id})/contacts`;
    const people = ((await get(contacts)).body as { value: Record<string, string>[] }).value;
    expect(people.length).toBeGreaterThan(5);
    const secrets = [
      token,
      ...people.flatMap((p) => [p.displayName, p.email]).filter((v): v is string => !!v && v.length > 3),
    ];
    const someone = people.find((p) => p.email)!;
    // Non-ASCII names and addresses (the redaction was ASCII-only): created, filtered by, and named
    // in a Graph path, so they pass through bodies, URLs and the emulator's logs.
    const foreign = ['Jüri Tõnisson', 'åsa@exämple.fi', 'jüri@bücher.example', 'Åsa Ångström'];
    for (const [displayName, email] of [
      ['Jüri Tõnisson', 'åsa@exämple.fi'],
      ['Åsa Ångström', 'jüri@bücher.example'],
    ] as const)
      await fetch(`${server.url}${contacts}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ displayName, email, type: 'person' }),
      });
    await get(`${contacts}?$filter=${encodeURIComponent("displayName eq 'Jüri Tõnisson'")}`);
    await get(`/graph/v1.0/users/${encodeURIComponent('åsa@exämple.fi')}/contacts`);
    await get(`/graph/v1.0/users/åsa@exämple.fi/contacts`);
    secrets.push(
      ...foreign,
      ...foreign.map(encodeURIComponent),
      ...foreign.map((f) => JSON.stringify(f).slice(1, -1)),
    );

    // Requests that name people in URLs and bodies, and ones that fail.
    await get(`${contacts}?$filter=${encodeURIComponent(`displayName eq '${someone.displayName}'`)}`);
    await get(`${contacts}?$filter=${encodeURIComponent(`email eq '${someone.email}' and (`)}`);
    await get('/sync/v1/me', { authorization: `Bearer ${token.slice(0, -4)}AAAA` });
    await fetch(`${server.url}${contacts}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: someone.displayName, email: someone.email, type: 'Nobody' }),
    });
    // A full run whose Graph calls partly fail, so the run logs its trouble.
    server.graph!.emulator.updateConfig({
      faults: {
        rate: 0,
        kinds: ['503'],
        seed: 1,
        retryAfterSeconds: 0,
        script: [{ fault: '503', times: 3 }],
      },
    });
    const run = await fetch(`${server.url}/sync/v1/runs`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'full' }),
    });
    expect(run.status).toBeLessThan(300);
    const { id } = ((await run.json()) as { run: { id: string } }).run;
    await pollUntil(`end of run ${id}`, async () => {
      const state = (await get(`/sync/v1/runs/${id}`)).body as { active?: boolean };
      return state.active === false ? state : undefined;
    });
    // An SQL error as the store reports it: statement parameters carry contact data.
    server.app.log.error(
      {
        err: Object.assign(new Error('duplicate key value'), {
          params: [someone.displayName, someone.email],
        }),
      },
      'insert failed',
    );
    await new Promise((resolve) => setImmediate(resolve));

    const lines = logs.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((l) => l.includes('"level":50'))).toBe(true);
    expect(lines.some((l) => /sync run|run /i.test(l))).toBe(true);
    const leaks = secrets.filter((s) => logs.includes(s));
    expect(leaks).toEqual([]);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}/);
    expect(logs).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}/);
  });

  test('the scrubber and the URL form, named cases', () => {
    for (const [line, scrubbed] of NAMED_LINES) expect(scrubLogLine(line)).toBe(scrubbed);
    expect(loggableUrl("/api/contacts?$filter=displayName eq 'Anna'&$top=5")).toBe(
      '/api/contacts?$filter=…&$top=…',
    );
    expect(loggableUrl('/healthz')).toBe('/healthz');
  });
});
