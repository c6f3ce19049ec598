import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { outlookDraft } from '../contracts/mailbox.contract.js';
import { errorFromAnswer } from '../../src/bc/bc-api-error.js';
import { errorFromResponse } from '../../src/graph/graph-error.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../src/platform/retry-policy.js';
import { resilientFetch } from '../../src/taskpane/api/resilient-fetch.js';
import {
  graphContact,
  graphErrorBody,
  recordingSleep,
  scriptedGraph,
  scriptedMailbox,
} from './scripted-graph.js';

// Attack A2: a Retry-After of a day, or an HTTP-date years ahead, held a run (and its mailbox's
// later runs) that long; past setTimeout's 2^31 ms the wait fired at once. Attack A1: a Cancel
// pressed while the mailbox was paused for a quota 429 rejected the limiter's pause unhandled,
// and the server's process exited.

const NOW = Date.parse('2026-12-07T12:00:00Z');
const HINTS: readonly (readonly [string, number])[] = [
  ['2.5', 2_500],
  ['120', 120_000],
  ['86400', MAX_RETRY_AFTER_MS],
  ['3000000', MAX_RETRY_AFTER_MS],
  ['Mon, 07 Dec 2026 12:01:00 GMT', 60_000],
  ['Wed, 01 May 2030 00:00:00 GMT', MAX_RETRY_AFTER_MS],
];

/** Every reader of an answer's Retry-After, as the wait in ms it takes from `hint`. */
const READERS: Record<string, (hint: string) => Promise<number | null>> = {
  parseRetryAfter: async (hint) => parseRetryAfter(hint, NOW),
  'Graph errorFromResponse': async (hint) =>
    errorFromResponse(429, new Headers({ 'retry-after': hint }), graphErrorBody('TooManyRequests', 'x'), NOW)
      .retryAfterMs,
  'BC errorFromAnswer': async (hint) =>
    errorFromAnswer(429, { 'Retry-After': hint }, { error: { code: 'x', message: 'y' } }, NOW).retryAfterMs,
  'pane resilientFetch': async (hint) => {
    const waits: number[] = [];
    let calls = 0;
    const fetchFn = (async () =>
      ++calls === 1
        ? new Response('', { status: 429, headers: { 'retry-after': hint } })
        : new Response('{}', { status: 200 })) as typeof fetch;
    const f = resilientFetch(fetchFn, { sleep: async (ms) => void waits.push(ms) });
    await f('https://pane.test/sync/v1/settings');
    return waits[0] ?? null;
  },
};

describe('every wait an answer asks for is bounded (MAX_RETRY_AFTER_MS)', () => {
  for (const [name, read] of Object.entries(READERS))
    test.each(HINTS)(`${name}: Retry-After %s`, async (hint, expected) => {
      const got = await read(hint);
      expect(got).not.toBeNull();
      expect(got as number).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
      // The pane reads a date against the real clock, the others against NOW.
      if (name !== 'pane resilientFetch' || !/GMT/.test(hint)) expect(got).toBe(expected);
    });

  test('every source file that reads a Retry-After header reads it through parseRetryAfter', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name)) files.push(path);
      }
    };
    walk('src');
    const readers = files.filter((f) =>
      /get\(\s*'retry-after'\s*\)|\[\s*'retry-after'\s*\]/i.test(readFileSync(f, 'utf8')),
    );
    // The BC proxy passes the upstream header on to its own client unread (that client parses it).
    const passOn = new Set([join('src', 'server', 'bc-api', 'upstream-api.ts')]);
    const unparsed = readers.filter(
      (f) => !passOn.has(f) && !readFileSync(f, 'utf8').includes('parseRetryAfter('),
    );
    expect(readers.length).toBeGreaterThanOrEqual(4);
    expect(unparsed).toEqual([]);
  });

  test('the named example: a 429 with Retry-After: 86400 makes the mailbox wait at most 5 minutes', async () => {
    let posts = 0;
    const graph = scriptedGraph((req) =>
      req.method === 'POST' && ++posts === 1
        ? { status: 429, body: graphErrorBody('TooManyRequests', 'x'), headers: { 'Retry-After': '86400' } }
        : { status: 201, body: graphContact('c1', 'ck1', req.body as Record<string, unknown>) },
    );
    const clock = recordingSleep();
    const mailbox = scriptedMailbox(graph, { sleep: clock.sleep });
    await mailbox.create('f1', [outlookDraft(1)]);
    expect(clock.waits.length).toBeGreaterThan(0);
    expect(Math.max(...clock.waits)).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
  });
});

describe('a run cancelled during a quota pause ends alone (attack A1)', () => {
  const seen: unknown[] = [];
  const onUnhandled = (reason: unknown) => void seen.push(reason);
  afterEach(() => void process.off('unhandledRejection', onUnhandled));

  test('the named example: Cancel while the mailbox waits out a 429: the create is cancelled, nothing else rejects', async () => {
    process.on('unhandledRejection', onUnhandled);
    const ac = new AbortController();
    let posts = 0;
    const graph = scriptedGraph((req) =>
      req.method === 'POST' && ++posts === 1
        ? { status: 429, body: graphErrorBody('TooManyRequests', 'x'), headers: { 'Retry-After': '30' } }
        : { status: 201, body: graphContact('c1', 'ck1', req.body as Record<string, unknown>) },
    );
    let slept!: () => void;
    const sleeping = new Promise<void>((resolve) => (slept = resolve));
    // Every wait lasts until the run is cancelled (the mailbox races it with its signal).
    const sleep = () => {
      slept();
      return new Promise<void>(() => undefined);
    };
    const mailbox = scriptedMailbox(graph, { sleep, signal: ac.signal });
    const create = mailbox.create('f1', [outlookDraft(1)]).then(
      () => 'created',
      () => 'cancelled',
    );
    await sleeping;
    ac.abort();
    expect(await create).toBe('cancelled');
    // Rejections nobody handles are reported after the microtasks of their turn: wait a few turns.
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(seen).toEqual([]);
  });
});
