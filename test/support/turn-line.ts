import { CREATE_TURN_LINE, createTurnKey } from '../../src/core/lease.js';
import type { World } from './world.js';

/**
 * Whether the company's create turn and every place of its line are free: each is taken by a probe
 * and given back at once (a held place refuses it). The clock does not move.
 */
export async function lineFree(w: World): Promise<boolean> {
  const now = w.clock.now();
  for (let slot = 0; slot <= CREATE_TURN_LINE; slot++) {
    const key = createTurnKey(w.bc.companyId, slot);
    if (!(await w.store.acquireLease(key, 'probe', now, 1000)).ok) return false;
    await w.store.releaseLease(key, 'probe');
  }
  return true;
}
