import { GraphMailbox } from '../../src/graph/index.js';
import { emulatedGraph } from './emulated-graph.js';
import { recordedSync } from './recorded-sync.js';
import { person } from './world.js';

/**
 * A new user over Graph (the emulator on loopback, a mailbox with no folder yet), the recorded world
 * that syncs it with `n` BC persons seeded, and the user's own Graph client (their edits in Outlook).
 * `name` makes the user's UPN, `oidGroup` (4 hex digits) its object id, unique per test file. The
 * caller closes `app`.
 */
export async function newGraphUser(name: string, oidGroup: string, n: number) {
  const upn = `${name}-${n}@contoso.test`;
  const world = recordedSync(upn);
  const started = await emulatedGraph(
    { oid: `5b0c6f1e-${oidGroup}-4000-8000-0000000f${String(n).padStart(4, '0')}`, upn },
    world.fetch,
  );
  const user = new GraphMailbox({
    baseUrl: `${started.origin}/v1.0`,
    mailbox: { kind: 'me' },
    getToken: started.token,
    sleep: async () => undefined,
  });
  for (let i = 1; i <= n; i++) world.bc.seed(person(i));
  return { world, app: started.app, mailbox: started.mailbox, user };
}
