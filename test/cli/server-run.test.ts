import { afterEach, describe, expect, test } from '@jest/globals';
import http from 'node:http';
import { setTimeout as pause } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import { NoAnswerError, ServerGoneError } from '../../src/cli/server-client.js';
import { ServerLostError, followServerRun, lostLine } from '../../src/cli/server-run.js';
import type { FollowOptions } from '../../src/cli/server-run.js';
import { UsageError } from '../../src/cli/arguments.js';
import { busyLine } from '../../src/cli/busy-refusal.js';
import { NO_MEMBERSHIP_CODE } from '../../src/server/sync/run-refusals.js';

// F82: the CLI follows a run on the running server with start-then-poll, each request under its
// own deadline. Real loopback servers: one that accepts and never answers (the start, or the
// polls), one that answers slowly but within the deadline, a run longer than any deadline.

const ARGS = { user: 'ann@contoso.com', mode: 'delta', dryRun: false, confirmMassDelete: false } as const;
const RUN_ID = '0b8c7c1e-5a3f-4a57-9d0e-3c1f2b4a5d6e';
// One roomy deadline for every test (the CI red on stop 22 had 200 ms): an answer sent at once can
// be hundreds of ms late on a loaded 2-core machine, and a late answer is (rightly) counted as none.
// Even a server that never answers must first receive each request the test counts: a process
// paused past a short deadline aborts the request (timers run first) before it was ever sent.
const ROOMY = 1000;

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((done) => s.close(done));
  }
});

/** A loopback server; requests it never answers stay open until the test ends. */
async function loopback(handle: Handler): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body}`.trim());
      handle(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const answer = (res: http.ServerResponse, status: number, json: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(json));
};
const run = (status: string, active: boolean) => ({
  record: { id: RUN_ID, status, errors: [], held: null },
  progress: {},
  active,
  plan: active ? null : { bc: { create: 0, update: 0 } },
});
const never: Handler = () => undefined;
const later = (ms: number, f: () => void) => setTimeout(f, ms);

function options(patch: Partial<FollowOptions> = {}): FollowOptions {
  return {
    deadlineMs: ROOMY,
    silentLimit: 3,
    pollMs: 0,
    wait: () => Promise.resolve(),
    newRunId: () => RUN_ID,
    ...patch,
  };
}

const follow = (url: string, patch?: Partial<FollowOptions>) =>
  followServerRun({ url, adminToken: 'token' }, ARGS, options(patch));

describe('followServerRun: start, then poll, each request with a deadline (F82)', () => {
  test('F82 example: a server that accepts the start and never answers ends the wait after 3 deadlines', async () => {
    const { url, seen } = await loopback(never);
    const t0 = Date.now();
    const e = await follow(url).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ServerLostError);
    expect(e).toMatchObject({ runId: RUN_ID, started: false, silent: 3 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3 * ROOMY - 20);
    // The start was sent three times, each with the same run id: a resend finds its run, never a second.
    expect(seen).toHaveLength(3);
    for (const s of seen)
      expect(JSON.parse(s.replace('POST /internal/runs ', ''))).toMatchObject({ runId: RUN_ID });
    expect(lostLine(e as ServerLostError)).toBe(
      `the server at ${url} stopped answering (3 requests in a row got no answer within 1 s each); ` +
        `run ${RUN_ID} may have started and still be going on the server: see it in the pane's History, ` +
        `or at GET /sync/v1/runs/${RUN_ID}, once the server answers again`,
    );
  });

  test('a server that starts the run and then never answers a poll: lost, the run may still be going', async () => {
    const { url, seen } = await loopback((req, res) => {
      if (req.method === 'POST') answer(res, 202, run('running', true));
    });
    const e = await follow(url).catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'ServerLostError', runId: RUN_ID, started: true, silent: 3 });
    expect(seen.filter((s) => s.startsWith('GET'))).toHaveLength(3);
    expect(seen.filter((s) => s.startsWith('POST'))).toHaveLength(1);
    expect(lostLine(e as ServerLostError)).toContain(`run ${RUN_ID} may still be going on the server`);
  });

  test('answers that are slow but within the deadline are waited for: the run ends as the server says', async () => {
    let polls = 0;
    const { url } = await loopback((req, res) => {
      const done = req.method === 'GET' && ++polls >= 4;
      later(ROOMY / 10, () =>
        answer(res, req.method === 'POST' ? 202 : 200, done ? run('succeeded', false) : run('running', true)),
      );
    });
    await expect(follow(url)).resolves.toEqual({
      record: { id: RUN_ID, status: 'succeeded', errors: [], held: null },
      plan: { bc: { create: 0, update: 0 } },
    });
    expect(polls).toBe(4);
  });

  test('a run far longer than any deadline is followed to its end, never cut short', async () => {
    let polls = 0;
    const views: boolean[] = [];
    const { url } = await loopback((req, res) => {
      if (req.method === 'POST') return answer(res, 202, run('running', true));
      polls++;
      answer(res, 200, polls >= 30 ? run('failed', false) : run('running', true));
    });
    // Each poll waits an eighth of a deadline first: 30 polls take over 3.75 deadlines, longer than
    // the silent limit's 3, while every single request is answered well within its own deadline.
    const wait = (ms: number) => pause(ms).then(() => undefined);
    const t0 = Date.now();
    const r = await follow(url, {
      pollMs: ROOMY / 8,
      wait,
      onView: (v) => views.push(v.active),
    });
    expect(r.record.status).toBe('failed');
    expect(Date.now() - t0).toBeGreaterThan(3 * ROOMY);
    expect(views).toHaveLength(31);
  });

  test('silence is counted in a row: two polls lost, then an answer, start the count again', async () => {
    let polls = 0;
    const { url } = await loopback((req, res) => {
      if (req.method === 'POST') return answer(res, 202, run('running', true));
      polls++;
      if (polls % 3 !== 0) return; // two of every three polls get no answer
      answer(res, 200, polls >= 9 ? run('succeeded', false) : run('running', true));
    });
    await expect(follow(url)).resolves.toMatchObject({
      record: { status: 'succeeded' },
    });
    expect(polls).toBe(9);
  });

  test('a poll answered 5xx counts as no answer; a 4xx ends the CLI with the server’s words', async () => {
    const five = await loopback((req, res) =>
      req.method === 'POST'
        ? answer(res, 202, run('running', true))
        : answer(res, 503, { error: { message: 'busy' } }),
    );
    await expect(follow(five.url)).rejects.toMatchObject({
      name: 'ServerLostError',
      started: true,
    });
    const four = await loopback((req, res) =>
      req.method === 'POST'
        ? answer(res, 409, {
            error: { code: 'RunInProgress', message: 'A sync is already running for this folder.' },
          })
        : never(req, res, ''),
    );
    await expect(follow(four.url)).rejects.toThrow('A sync is already running for this folder.');
  });

  // The 409's reason as data: the CLI says the holder and until when in the user's time zone, not
  // the server's English with a UTC time (a pane closed mid-sync holds the folder until then).
  test.each([
    [
      { refusal: 'folderBusy', until: '2026-12-07T09:04:31.000Z' },
      /already running.*run r9.*can start at 2026-12-07 18:05 UTC\+09:00\.$/,
    ],
    [
      { settling: true, until: '2026-12-07T09:04:31.000Z' },
      /run r9\) was stopped.*can start at 2026-12-07 18:05 UTC\+09:00\.$/,
    ],
    [{ refusal: 'runIdTaken' }, /^A run with the id r9 exists already\.$/],
    [{}, /^A sync is already running for this folder \(run r9\)\.$/],
  ])('a 409 RunInProgress with %j: the CLI words it, in its time zone', async (reason, line) => {
    const four = await loopback((req, res) =>
      req.method === 'POST'
        ? answer(res, 409, {
            error: {
              code: 'RunInProgress',
              message: 'lease until 2026-12-07T09:04:31.000Z',
              reason: { kind: 'RunInProgress', runId: 'r9', ...reason },
            },
          })
        : never(req, res, ''),
    );
    const refused = await follow(four.url).catch((e: unknown) => e);
    expect(busyLine(refused, 'Asia/Tokyo')).toMatch(line);
  });

  test('a user with no company membership is bad input (exit 2), as before', async () => {
    const { url } = await loopback((_req, res) =>
      answer(res, 403, { error: { code: NO_MEMBERSHIP_CODE, message: 'This user is not a member.' } }),
    );
    await expect(follow(url)).rejects.toBeInstanceOf(UsageError);
  });

  test('a server that refuses the first connection is gone: the CLI runs in its own process', async () => {
    const { url } = await loopback(never);
    const s = servers.pop()!;
    await new Promise((done) => s.close(done));
    await expect(follow(url)).rejects.toBeInstanceOf(ServerGoneError);
  });

  test('an answer cut off mid-body is no answer, not a crash', async () => {
    const { url } = await loopback((req, res) => {
      if (req.method === 'POST') return answer(res, 202, run('running', true));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"record":');
      res.destroy();
    });
    const e = await follow(url).catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'ServerLostError', started: true });
    expect(new NoAnswerError('connectionLost').message).toMatch(/broke before its answer/);
  });
});

// F111 (tester): after the server was SIGKILLed, the CLI said "no answer within 10 s each … may
// still be going on the server" 4 s after the kill: the polls were refused at once and the server's
// process was gone, so its run could not go on. How the server was lost is data (`how`), worded here.
describe('followServerRun: a refused server is told from a silent one, an ended one from both (F111)', () => {
  /** A server that answers the start, leaves `unanswered` polls open, then closes for good. */
  async function closing(unanswered: number) {
    let polls = 0;
    const box: { server?: http.Server } = {};
    const shut = () => {
      box.server!.close();
      box.server!.closeAllConnections();
    };
    const { url } = await loopback((req, res) => {
      if (req.method === 'POST') {
        res.on('finish', () => unanswered === 0 && shut());
        return answer(res, 202, run('running', true));
      }
      if (++polls >= unanswered) setImmediate(shut);
    });
    box.server = servers[servers.length - 1];
    return url;
  }

  const rows: { unanswered: number; ended: boolean; how: string }[] = [
    { unanswered: 0, ended: true, how: 'ended' },
    { unanswered: 0, ended: false, how: 'refused' },
    { unanswered: 1, ended: true, how: 'ended' },
    { unanswered: 1, ended: false, how: 'refused' },
    { unanswered: 3, ended: true, how: 'silent' },
    { unanswered: 3, ended: false, how: 'silent' },
  ];
  test.each(rows)('$unanswered polls unanswered, then refused; process ended $ended → $how', async (row) => {
    const url = await closing(row.unanswered);
    let asked = 0;
    const e = await follow(url, {
      deadlineMs: ROOMY,
      serverEnded: () => (asked++, row.ended),
    }).catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'ServerLostError', started: true, silent: 3, how: row.how });
    // Whether the process ended is asked only after a refusal.
    if (row.unanswered >= 3) expect(asked).toBe(0);
  });

  test('F111 example: the server process was killed mid-run: the run was interrupted, run the sync again', async () => {
    const url = await closing(0);
    const e = (await follow(url, { deadlineMs: ROOMY, serverEnded: () => true }).catch(
      (x: unknown) => x,
    )) as ServerLostError;
    const withPid = new ServerLostError(e.url, e.runId, e.started, e.silent, e.deadlineMs, e.how, 17727);
    expect(lostLine(withPid)).toBe(
      `the server at ${url} ended (its process 17727 no longer runs on this machine and nothing answers there); ` +
        `run ${RUN_ID} was interrupted: the server marks it so when it starts again; run the sync again`,
    );
    expect(lostLine(e)).not.toMatch(/may still be going|no answer within/);
  });

  test('refused while its process still runs (restarting): said as refused, the run may still be going', async () => {
    const url = await closing(0);
    const e = (await follow(url, { deadlineMs: ROOMY, serverEnded: () => false }).catch(
      (x: unknown) => x,
    )) as ServerLostError;
    expect(lostLine(e)).toBe(
      `the server at ${url} stopped answering and now refuses connections (3 requests in a row failed); run ${RUN_ID} may still be going on the server: ` +
        `see it in the pane's History, or at GET /sync/v1/runs/${RUN_ID}, once the server answers again`,
    );
  });
});
