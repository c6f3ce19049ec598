/**
 * fast-check's options for a property run from `seed`, or for the replay of one case of it.
 *
 * With `path` ("31", no shrink steps) fast-check starts at that case and then runs `numRuns` cases
 * from there (fast-check 4 Runner: maxInitialIterations is numRuns unless the path holds a ':'), so
 * a named case replayed as `{ numRuns: 32, path: '31' }` ran cases 31 to 62: 31 more than it names
 * (crash-hosts.model's eight named seeds: ~125 cases where 8 were meant, ~190 s of the file's
 * ~250 s wall at -w 1). A case's value depends on the seed and its index only, never on numRuns,
 * so one run replays exactly the case the path names.
 *
 * @internal
 */
export function replayOptions(
  numRuns: number,
  seed: number,
  path: string | undefined,
): { numRuns: number; seed: number; path?: string } {
  return path ? { numRuns: 1, seed, path } : { numRuns, seed };
}
