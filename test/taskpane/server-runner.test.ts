import { describe, expect, test } from '@jest/globals';
import { serverRunner, sseParser } from '../../src/taskpane/engine/server-runner.js';
import { RunBusyError } from '../../src/taskpane/engine/runner.js';
import { failureOf } from '../../src/taskpane/api/failure.js';

const tokens = {
  user: 'ann@contoso.com',
  facade: async () => 'f-token',
  graph: async () => 'g-token',
  renew: async () => 'f-token',
};
const run = { id: 'r1', status: 'running', dryRun: false };

function sse(chunks: string[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

describe('server runner', () => {
  test('parses events split across chunks', () => {
    const events: [string, string][] = [];
    const feed = sseParser((type, data) => events.push([type, data]));
    feed('event: progress\ndata: {"a"');
    feed(':1}\n\n: keep-alive\n\nevent: end\r\ndata: {}\r\n\r\n');
    expect(events).toEqual([
      ['progress', '{"a":1}'],
      ['end', '{}'],
    ]);
  });

  test('starts the run, follows its events with the bearer token, and ends with the record', async () => {
    const calls: string[] = [];
    let startBody: unknown = null;
    const fetchFn = (async (url: string, init?: RequestInit) => {
      calls.push(
        `${init?.method ?? 'GET'} ${url} ${(init?.headers as Record<string, string>).authorization}`,
      );
      if (url.endsWith('/runs')) {
        startBody = JSON.parse(String(init?.body));
        return Response.json({ run }, { status: 202 });
      }
      return sse([
        'event: progress\ndata: {"phase":"reading","done":1,"total":2}\n\n',
        `event: end\ndata: ${JSON.stringify({ ...run, status: 'succeeded' })}\n\n`,
      ]);
    }) as typeof fetch;
    const progress: unknown[] = [];
    const handle = serverRunner({ origin: 'https://h', tokens, fetch: fetchFn }).start(
      { mode: 'delta', dryRun: false },
      (e) => progress.push(e),
    );
    const result = await handle.done;
    expect(result.record.status).toBe('succeeded');
    expect(progress).toEqual([{ phase: 'reading', done: 1, total: 2 }]);
    expect(calls).toEqual([
      'POST https://h/sync/v1/runs Bearer f-token',
      'GET https://h/sync/v1/runs/r1/events Bearer f-token',
    ]);
    // The facade records the run as the pane's (any other API client is recorded as 'api').
    expect(startBody).toEqual({ mode: 'delta', dryRun: false, trigger: 'pane' });
  });

  test('409 RunInProgress becomes RunBusyError', async () => {
    const fetchFn = (async () =>
      Response.json(
        { error: { code: 'RunInProgress', message: 'busy' }, run },
        { status: 409 },
      )) as unknown as typeof fetch;
    const handle = serverRunner({ origin: 'https://h', tokens, fetch: fetchFn }).start(
      { mode: 'full', dryRun: false },
      () => undefined,
    );
    await expect(handle.done).rejects.toBeInstanceOf(RunBusyError);
  });

  // Brief cancelkeep: the folder kept after a stopped run (reason `settling`) names when it frees;
  // so does a folder whose holder stopped without letting go (a pane closed mid-sync: `until` only).
  test.each([
    [
      { kind: 'RunInProgress', runId: 'r0', settling: true, until: '2026-03-01T08:01:05.000Z' },
      '2026-03-01T08:01:05.000Z',
      true,
    ],
    [
      { kind: 'RunInProgress', runId: 'r0', refusal: 'folderBusy', until: '2026-03-01T08:01:05.000Z' },
      '2026-03-01T08:01:05.000Z',
      false,
    ],
    [{ kind: 'RunInProgress', runId: 'r0' }, null, false],
    // Attack A6: an `until` that is no time is none (the CLI threw a RangeError on it).
    [{ kind: 'RunInProgress', runId: 'r0', settling: true, until: 'soon' }, null, false],
    [{ kind: 'RunInProgress', runId: 'r0', refusal: 'folderBusy', until: '' }, null, false],
  ])(
    '409 RunInProgress with reason %j: RunBusyError until %s, settling %s',
    async (reason, until, settling) => {
      const fetchFn = (async () =>
        Response.json(
          { error: { code: 'RunInProgress', message: 'busy', reason }, run },
          { status: 409 },
        )) as unknown as typeof fetch;
      const handle = serverRunner({ origin: 'https://h', tokens, fetch: fetchFn }).start(
        { mode: 'full', dryRun: false },
        () => undefined,
      );
      await expect(handle.done).rejects.toMatchObject({ name: 'RunBusyError', until, settling });
    },
  );
  // No answer on the way to the run's events is the network, by the edge's mark (ApiError status 0),
  // never by the browser's words (issue 13 §2): the request throwing, or the stream breaking off.
  test.each([
    ['the events request throws', () => Promise.reject(new TypeError('Failed to fetch'))],
    [
      'the event stream breaks off',
      async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              controller.error(new TypeError('network error'));
            },
          }),
        ),
    ],
  ])('%s: the run fails as unreachable', async (_name, events) => {
    const fetchFn = (async (url: string) =>
      url.endsWith('/runs') ? Response.json({ run }, { status: 202 }) : events()) as typeof fetch;
    const handle = serverRunner({ origin: 'https://h', tokens, fetch: fetchFn }).start(
      { mode: 'delta', dryRun: false },
      () => undefined,
    );
    const e = await handle.done.catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'ApiError', status: 0, code: 'NetworkError' });
    expect(failureOf(e).kind).toBe('unreachable');
  });
});

// Only the run's `end` ends the following (review): several facade processes serve one database,
// a stream may close early (a proxy's limit, a process restarting) or die without a word. Each row:
// what each opened stream brings (its chunks, then 'close' or 'quiet': stays open until the quiet
// timer fires), and how the run ends. Was: a close without `end` answered the running record as the
// run's end; a quiet stream was waited on for ever.
describe('server runner: the event stream ends before the run', () => {
  const running = `event: record\ndata: ${JSON.stringify(run)}\n\n`;
  const progress = 'event: progress\ndata: {"phase":"bc","done":1,"total":4}\n\n';
  const end = `event: end\ndata: ${JSON.stringify({ ...run, status: 'succeeded' })}\n\n`;
  type Open = { chunks: string[]; then: 'close' | 'quiet' };
  const rows: [string, Open[], 'succeeded' | 'unreachable'][] = [
    [
      'closed after the record, before end: opened again, ends with end',
      [
        { chunks: [running, progress], then: 'close' },
        { chunks: [running, end], then: 'close' },
      ],
      'succeeded',
    ],
    [
      'quiet (a dead connection): aborted after the quiet time, opened again',
      [
        { chunks: [running], then: 'quiet' },
        { chunks: [running, end], then: 'close' },
      ],
      'succeeded',
    ],
    [
      'a proxy closing each stream after data: followed through many closes',
      [
        ...Array.from({ length: 6 }, (): Open => ({ chunks: [running, progress], then: 'close' })),
        { chunks: [end], then: 'close' },
      ],
      'succeeded',
    ],
    [
      'every stream closes empty: unreachable after the reopens',
      Array.from({ length: 10 }, (): Open => ({ chunks: [], then: 'close' })),
      'unreachable',
    ],
  ];
  test.each(rows)('%s', async (_name, opens, outcome) => {
    const timers: (() => void)[] = [];
    let opened = 0;
    const fetchFn = (async (url: string, init?: RequestInit) => {
      if (url.endsWith('/runs')) return Response.json({ run }, { status: 202 });
      const open = opens[opened++]!;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const c of open.chunks) controller.enqueue(new TextEncoder().encode(c));
          if (open.then === 'close') controller.close();
          else init?.signal?.addEventListener('abort', () => controller.error(new Error('aborted')));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    }) as typeof fetch;
    const quietTimer = (_ms: number, lost: () => void) => {
      timers.push(lost);
      return () => timers.splice(timers.indexOf(lost), 1);
    };
    const handle = serverRunner({ origin: 'https://h', tokens, fetch: fetchFn, quietTimer }).start(
      { mode: 'delta', dryRun: false },
      () => undefined,
    );
    // A quiet stream waits on its timer: fired once the stream brought what it had.
    for (const [n, open] of opens.entries()) {
      if (open.then !== 'quiet') continue;
      for (let i = 0; i < 100 && (opened <= n || timers.length === 0); i++)
        await new Promise<void>((r) => setImmediate(r));
      expect(timers.length).toBe(1);
      timers[0]!();
    }
    const result = await handle.done.then(
      (r) => r.record.status,
      (e: unknown) => failureOf(e).kind,
    );
    expect(result).toBe(outcome);
    expect(timers).toEqual([]);
  });
});
