import { expect } from '@jest/globals';
import fc from 'fast-check';
import { normalizeEmail } from '../../src/core/model.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { SyncMode } from '../../src/core/records.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { CrashSeat } from './crash-hosts.js';
import type { HostName, Stop } from './crash-hosts.js';
import { Clash } from './crash-clash.js';
import { commandsArb, scopeLike, scopeParts } from './crash-model-arbs.js';
import type { Moves } from './crash-model-arbs.js';
import { settles } from './crash-model-settles.js';
import { emailOf, newModel } from './crash-model.js';
import type { Cmd, Model, Real } from './crash-model.js';
import { newCase, Run } from './crash-run-cmd.js';
import { scopeSteps } from './crash-scope.js';
import type { UncertainWorld } from './uncertain-world.js';
import { outlookPerson } from './world.js';
import { replayOptions } from './replay-case.js';

/*
 * The crash-hosts model's property (test/server/crash-hosts.model.test.ts): a case is a first full
 * run, the generated commands (crash-model-arbs.ts) and the end's checks (crash-model-settles.ts).
 */

let seats = 0;

/** One case: four BC and two Outlook contacts, a first full run, `cmds`, then the end's checks. */
async function oneCase(
  world: UncertainWorld,
  moves: Moves,
  cmds: Iterable<fc.AsyncCommand<Model, Real>>,
  settler: HostName,
): Promise<void> {
  newCase();
  const seat = await CrashSeat.open(world, ++seats);
  // Deletes (windows) in folders of a few contacts: one is more than the default share the
  // run stops for (design §2, its own tests); the model's deletes go through.
  if (moves === 'windows' || moves === 'seams' || scopeLike(moves))
    await seat.store.putSettings(seat.userId, { ...DEFAULT_SETTINGS, massDeleteShare: 1 });
  const tag = `c${seat.n}`;
  const model = newModel();
  model.holdOutEdits = scopeLike(moves);
  const bcStart = Array.from({ length: 4 }, (_, i) =>
    bcDraft(i, { email: `bc${i}.${tag}@fabrikam.com`, jobTitle: `start ${i}` }),
  );
  expect((await seat.bcDirect.create(bcStart)).every((r) => r.ok)).toBe(true);
  const olStart = Array.from({ length: 2 }, (_, i) =>
    outlookPerson(i, {
      jobTitle: `ol ${i}`,
      emailAddresses: [{ address: `ol${i}.${tag}@fabrikam.com`, name: '' }],
    }),
  );
  expect((await seat.mailboxDirect.create((await seat.folder()).id, olStart)).every((r) => r.ok)).toBe(true);
  for (const d of bcStart) model.titles.set(normalizeEmail(d.email), d.jobTitle);
  for (const d of olStart) model.titles.set(emailOf(d), d.jobTitle ?? '');
  const first = await seat.run('schedule', 'full', null, null).done;
  expect({ status: first?.record.status, errors: first?.record.errors }).toEqual({
    status: 'succeeded',
    errors: [],
  });
  await fc.asyncModelRun(() => ({ model, real: { seat, tag } satisfies Real }), cmds);
  await settles(model, { seat, tag }, settler);
}

/** The model's property over `numRuns` cases from `seed` (the checks after each run, then the end's). */
export async function modelHolds(
  world: UncertainWorld,
  numRuns: number,
  seed: number,
  options: {
    readonly path?: string | undefined;
    readonly combos?: boolean;
    readonly windows?: boolean;
    readonly seams?: boolean;
    readonly scope?: boolean;
    readonly policy?: boolean;
    readonly landed?: boolean;
  } = {},
): Promise<void> {
  const moves: Moves = options.landed
    ? 'landed'
    : options.policy
      ? 'policy'
      : options.scope
        ? 'scope'
        : options.seams
          ? 'seams'
          : options.windows
            ? 'windows'
            : options.combos
              ? 'combos'
              : 'base';
  await fc.assert(
    fc.asyncProperty(
      commandsArb(moves),
      fc.constantFrom<HostName>(
        ...(moves === 'windows' || moves === 'seams' || scopeLike(moves)
          ? (['pane', 'schedule', 'cli'] as const)
          : (['pane', 'schedule'] as const)),
      ),
      (cmds, settler) => oneCase(world, moves, cmds, settler),
    ),
    // A named case (path) runs alone: fast-check would run numRuns cases from it (replay-case.ts).
    { ...replayOptions(numRuns, seed, options.path), endOnFailure: true },
  );
}

/**
 * A named case without the random model: `steps` as given (no shrinking), then the end's checks
 * (crash-hosts.model.test.ts's named scope cases).
 *
 * @internal
 */
export async function modelSteps(
  world: UncertainWorld,
  steps: readonly Cmd[],
  settler: HostName,
  moves: 'scope' = 'scope',
): Promise<void> {
  await oneCase(world, moves, steps, settler);
}

/**
 * The model's own steps for named cases: a run of `host` without faults (stopped by `stop`), a
 * clash (crash-clash.ts Clash), the user's decisions (crash-scope.ts DecideDeletions).
 *
 * @internal
 */
export const namedSteps = {
  run: (host: HostName, mode: SyncMode, stop: Stop | null = null): Cmd => new Run(host, mode, 0, 0, stop),
  clash: (pick: number): Cmd => new Clash(pick),
  /** The user's decisions of the listed deletions (`sides`: Outlook's for true), then runs. */
  decide: (sides: readonly boolean[], host: HostName): Cmd => scopeSteps.decide(scopeParts, sides, host),
};
