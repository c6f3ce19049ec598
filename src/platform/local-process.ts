import { readFileSync } from 'node:fs';
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
 * This machine's name for lease holders: the host name plus, where Linux has one, the boot id —
 * a pid means nothing after a reboot, and two machines may share a host name.
 */
function machineName(): string {
  try {
    return `${hostname()}/${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()}`;
  } catch {
    return hostname();
  }
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
