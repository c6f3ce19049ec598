import { openedForTests } from './opened.js';
import { ScheduleCluster } from './schedule-cluster.js';
import type { ClusterOptions } from './schedule-cluster.js';

// Apart from schedule-cluster.ts, which `npm run bench:schedule` runs outside jest: the hooks'
// '@jest/globals' has no beforeAll there, and the bench died on import (test/lint/import-graph).

/**
 * The cluster for the enclosing describe's tests: made before them, closed after. By default every
 * user is due hourly and the scheduler ticks each second (a test makes users due: makeDue).
 */
export function useScheduleCluster(
  options: Omit<ClusterOptions, 'scheduleMinutes' | 'tickSeconds'> & Partial<ClusterOptions>,
): ScheduleCluster {
  return openedForTests(() => ScheduleCluster.create({ scheduleMinutes: 60, tickSeconds: 1, ...options }));
}
