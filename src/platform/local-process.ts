import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { LeaseHolder } from '../core/ports.js';

/**
 * What a store needs to tell a dead lease holder on this machine from a live one (issue 9 §4).
 */
export interface LocalProcesses {
  /** This process as a lease holder. */
  readonly self: LeaseHolder;
  /** Whether a process of this machine with this id runs. */
  alive(pid: number): boolean;
}

/**
 * This machine's name for lease holders: the host name plus, where Linux has them, the boot id — a
 * pid means nothing after a reboot, and two machines may share a host name — and the pid
 * namespace: containers on one kernel share the boot id and may share the host name (host
 * networking, a fixed host name with replicas), but a pid probed in one namespace says nothing of
 * another's, and a live holder there was taken for dead (review R3).
 */
function machineName(): string {
  return machineNameOf(hostname(), {
    bootId: () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
    pidNamespace: () => readlinkSync('/proc/self/ns/pid'),
  });
}

/**
 * `machineName` from its parts; a part that cannot be read is left out.
 * @internal exported for local-process.test
 */
export function machineNameOf(
  host: string,
  read: { readonly bootId: () => string; readonly pidNamespace: () => string },
): string {
  const part = (f: () => string): string | null => {
    try {
      return f();
    } catch {
      return null;
    }
  };
  return [host, part(read.bootId), part(read.pidNamespace)].filter((p) => p !== null).join('/');
}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function localProcesses(): LocalProcesses {
  return { self: { host: machineName(), pid: process.pid }, alive: processAlive };
}
