import { describe, expect, test } from '@jest/globals';
import { machineNameOf } from '../../src/platform/local-process.js';

// Review R3: a lease holder "on this machine" is judged by probing its pid here
// (sql-leases.ts heldByDeadLocalProcess: not alive → its row is deleted at once, however fresh).
// The machine was named by host name and boot id only, which every container on one kernel shares
// when they share a host name (host networking, a fixed `hostname:` with replicas); each has its
// own pid namespace, so a facade probing another container's live holder found no such pid and
// took the lease of a run still going. A pid is only probed where it means the same process: the
// name holds the pid namespace too.

const files = (bootId: string | null, pidNamespace: string | null) => ({
  bootId: () => {
    if (bootId === null) throw new Error('ENOENT');
    return bootId;
  },
  pidNamespace: () => {
    if (pidNamespace === null) throw new Error('ENOENT');
    return pidNamespace;
  },
});

describe('the machine a lease holder runs on (R3)', () => {
  test('two containers of one kernel and one host name, each its own pid namespace: two machines', () => {
    const a = machineNameOf('vm', files('5da5-boot', 'pid:[4026531836]'));
    const b = machineNameOf('vm', files('5da5-boot', 'pid:[4026532174]'));
    expect(a).not.toBe(b);
  });

  test('processes of one pid namespace (the CLI beside the server, a child) are one machine', () => {
    expect(machineNameOf('vm', files('5da5-boot', 'pid:[1]'))).toBe(
      machineNameOf('vm', files('5da5-boot', 'pid:[1]')),
    );
  });

  test('another boot or host name is another machine; without /proc the host name alone', () => {
    const base = machineNameOf('vm', files('boot-1', 'pid:[1]'));
    expect(machineNameOf('vm', files('boot-2', 'pid:[1]'))).not.toBe(base);
    expect(machineNameOf('other', files('boot-1', 'pid:[1]'))).not.toBe(base);
    expect(machineNameOf('vm', files(null, null))).toBe('vm');
  });
});
