import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import type { GraphMailbox } from '../../src/graph/index.js';
import { emulatedGraph } from '../support/emulated-graph.js';

// Issue 12 (first full sync at 1,000): every caller of ensureFolder has just looked the name up and
// found nothing (syncFolder as a run reads, the pane's syncFolderOf), so the adapter's own look-up
// before its POST was a second Graph round trip before a first full sync's first write. It now
// sends the creation first and finds an existing folder by Graph's 409 ErrorFolderExists.

let app: FastifyInstance;
let mailbox: GraphMailbox;
let seq = 0;

beforeAll(async () => {
  const started = await emulatedGraph({
    oid: '5b0c6f1e-3e5f-4000-8000-00000000f1f5',
    upn: 'ensure@contoso.test',
  });
  app = started.app;
  mailbox = started.mailbox;
});
afterAll(async () => {
  await app.close();
});

/** Graph requests `work` sent. */
async function counted<T>(work: () => Promise<T>): Promise<{ value: T; requests: number }> {
  const before = mailbox.stats().requests;
  const value = await work();
  return { value, requests: mailbox.stats().requests - before };
}

interface Case {
  readonly what: string;
  /** The name the folder exists under already, if any (made beforehand, not counted). */
  readonly existing: (name: string) => string | null;
  readonly requests: number;
  readonly made: boolean;
}

const CASES: readonly Case[] = [
  {
    what: 'no folder of the name: one POST, made (start link)',
    existing: () => null,
    requests: 1,
    made: true,
  },
  {
    what: 'a folder of the name: the POST refused 409, then found by name (no start link)',
    existing: (n) => n,
    requests: 2,
    made: false,
  },
  {
    what: 'a folder of the name in another case: found as Graph matches names, not a second one',
    existing: (n) => n.toUpperCase(),
    requests: 2,
    made: false,
  },
];

describe('ensureFolder over Graph sends the creation first (issue 12)', () => {
  test.each(CASES)('$what', async ({ existing, requests, made }) => {
    const name = `Ensure ${++seq} first`;
    const before = existing(name);
    const there = before === null ? null : await mailbox.ensureFolder(before);
    const { value, requests: sent } = await counted(() => mailbox.ensureFolder(name));
    expect(sent).toBe(requests);
    expect(value.startLink !== undefined).toBe(made);
    if (there) expect(value.id).toBe(there.id);
    // One folder of the name, whichever way it was got.
    expect((await mailbox.findFolder(name))?.id).toBe(value.id);
  });

  test('a folder missing takes one Graph request to make, not a look-up and a creation', async () => {
    const { value, requests } = await counted(() => mailbox.ensureFolder('Business Central'));
    expect(requests).toBe(1);
    expect(value.displayName).toBe('Business Central');
  });
});
