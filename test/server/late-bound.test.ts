import { describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../src/core/ports.js';
import { lateEnvironment, lateLogger } from '../../src/server/late-bound.js';
import type { SyncEnvironment } from '../../src/server/sync/run-manager.js';

/**
 * The process entry's late-bound parts pass every member and every argument on as given. The
 * example: `npm start` dropped the pane's token (bcContacts' third argument) and `access`, so runs
 * the pane started were app-only and their records said nothing (test/server/tenant-processes).
 */
type Calls = [string, unknown[]][];

/** Every member of the environment (Required: a member added to the port must be added here). */
function recordingEnvironment(calls: Calls): Required<SyncEnvironment> {
  const answer =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, args]);
      return { answeredBy: name } as never;
    };
  return { bcContacts: answer('bcContacts'), mailboxFor: answer('mailboxFor'), access: answer('access') };
}

const io = { signal: new AbortController().signal };
/** Each member with the most arguments it takes. */
const ENV_CALLS: Record<keyof SyncEnvironment, unknown[]> = {
  bcContacts: ['tenant:user', io, 'the pane user token'],
  mailboxFor: ['tenant:user', io],
  access: ['the pane user token'],
};

describe('lateEnvironment', () => {
  const members = Object.keys(recordingEnvironment([])) as (keyof SyncEnvironment)[];

  test('the table names every member of the port', () => {
    expect(Object.keys(ENV_CALLS).sort()).toEqual([...members].sort());
  });

  test.each(members)(
    '%s: every argument reaches the bound environment, and its answer comes back',
    (name) => {
      const calls: Calls = [];
      const late = lateEnvironment();
      late.bind(recordingEnvironment(calls));
      const member = late.env[name] as ((...a: unknown[]) => unknown) | undefined;
      expect(member).toBeDefined();
      expect(member!(...ENV_CALLS[name])).toEqual({ answeredBy: name });
      expect(calls).toEqual([[name, ENV_CALLS[name]]]);
    },
  );

  test.each(members)('%s before the server is ready: refused, nothing reached', (name) => {
    const late = lateEnvironment();
    const member = late.env[name] as (...a: unknown[]) => unknown;
    expect(() => member(...ENV_CALLS[name])).toThrow('before the server was ready');
  });

  test('an environment that says nothing about access: undefined, not a made-up answer', () => {
    const late = lateEnvironment();
    const calls: Calls = [];
    const { bcContacts, mailboxFor } = recordingEnvironment(calls);
    late.bind({ bcContacts, mailboxFor });
    expect(late.env.access?.('token')).toBeUndefined();
  });
});

describe('lateLogger', () => {
  const levels: (keyof Logger)[] = ['debug', 'info', 'warn', 'error'];

  test.each(levels)('%s: the object and the message reach the app’s logger once bound', (level) => {
    const lines: [string, unknown[]][] = [];
    const log = Object.fromEntries(
      levels.map((l) => [l, (...args: unknown[]) => void lines.push([l, args])]),
    ) as unknown as FastifyInstance['log'];
    const late = lateLogger();
    late.logger[level]({ before: true }, 'dropped');
    late.bind({ log } as FastifyInstance);
    late.logger[level]({ runId: 'r1' }, 'the message');
    expect(lines).toEqual([[level, [{ runId: 'r1' }, 'the message']]]);
  });
});
