import fc from 'fast-check';
import type { SyncMode } from '../../src/core/records.js';
import type { HostName, Stop } from './crash-hosts.js';
import { Clash } from './crash-clash.js';
import { Add, AddExtras, ClearPhone, Edit } from './crash-model-edits.js';
import { Delete, EditEmail } from './crash-model-moves.js';
import { cleanRun } from './crash-model.js';
import type { Cmd } from './crash-model.js';
import { Run, tally } from './crash-run-cmd.js';
import type { During } from './crash-run-cmd.js';
import { seamsCommands } from './crash-seams.js';
import type { SeamParts } from './crash-seams.js';
import { scopeCommands } from './crash-scope.js';
import type { ScopeParts } from './crash-scope.js';
import { policyCommands } from './crash-policy.js';
import { landedCommands } from './crash-landed.js';
import { aimedStopArb, stopArb } from './crash-stop-arbs.js';

/*
 * The crash-hosts model's generators (test/server/crash-hosts.model.test.ts). With
 * `combos` it adds what the first version did not reach: the scheduler's in-process BC path
 * (`scheduleStore`: a stop after a BC write is its answer lost), Outlook-only values beside BC's
 * (a second business phone) and BC clearing the value beside them, conflicts settled by the
 * policy, and the user's choices while a run is stalled: a folder rename in the settings, or a
 * resolve of every conflict (refused while the stalled run holds the folder's lease).
 *
 * `windows` (all of `combos`, and): stops aimed at a kind of call wherever it falls in the run —
 * the BC create, its look-up under the create turn, any BC or Graph write, the pending creates'
 * record, the links' save, a lease or turn take — so a run dies, stalls past its lease and turn,
 * or is cancelled exactly there (call numbers move whenever a change adds port calls, and the
 * windows last sessions' fixes closed — a create stalled past the turn, a lost create answer —
 * lie between a few of some 40 calls); e-mail changes on either side and deletes on either side
 * while the other edits; the CLI's own process as a third host (crash-cli-host.ts: a RunManager,
 * the cancel aborting requests in flight), and cancels sent to another facade process
 * (`cancelAway`: the run's stored record marked, met at its next save).
 */

/** What crash-seams.ts builds its composite commands of (a run with a stop and a choice; a clash). */
const seamParts: SeamParts = {
  run: (host, stop, during) => new Run(host, 'delta', 0, 0, stop, { ...during, leaveDeletions: true }),
  clash: (pick) => new Clash(pick),
};

/** What crash-scope.ts's decisions run after them: a delta run without faults (the model follows a clean one). */
export const scopeParts: ScopeParts = {
  run: async (host, model, real) => {
    tally.runs++;
    const outcome = await real.seat.run(host, 'delta', null, null).done;
    const clean = outcome?.record.status === 'succeeded' && outcome.record.errors.length === 0;
    if (clean) {
      cleanRun(model);
      model.late = false;
    }
    return { status: outcome?.record.status ?? 'threw', clean };
  },
};

const runArb = (
  hosts: readonly HostName[],
  during: boolean,
  stops: fc.Arbitrary<Stop | null> = stopArb,
  leaveDeletions = false,
): fc.Arbitrary<Run> =>
  fc
    .tuple(
      fc.constantFrom(...hosts),
      fc.constantFrom<SyncMode>('delta', 'delta', 'full'),
      fc.constantFrom(0, 0.2, 0.5),
      fc.integer(),
      stops,
      during
        ? fc.option(
            fc
              .record({
                // `seams`: a third of the choices keep Outlook's values (the other moves' seeds unchanged).
                what: leaveDeletions
                  ? fc.constantFrom<During['what']>('rename', 'resolve', 'resolveOutlook')
                  : fc.constantFrom<During['what']>('rename', 'resolve', 'resolve'),
                when: fc.constantFrom<'held' | 'lapsed'>('held', 'lapsed'),
              })
              .map((d): During => (leaveDeletions ? { ...d, leaveDeletions } : d)),
            { freq: 2 },
          )
        : fc.constant(null),
    )
    .map(([h, m, r, s, stop, d]) => new Run(h, m, r, s, stop, d));
const side = fc.constantFrom<'bc' | 'outlook'>('bc', 'outlook');

/** The generators: the first version's, `combos`, `windows` (the file's head) and `seams` (crash-seams.ts). */
export type Moves = 'base' | 'combos' | 'windows' | 'seams' | 'scope' | 'policy' | 'landed';

/** `scope`, `policy` (all of `scope`, and crash-policy.ts's own) and `landed` (all of `policy`, and crash-landed.ts's). */
export const scopeLike = (moves: Moves) => moves === 'scope' || moves === 'policy' || moves === 'landed';

const MAX_COMMANDS: Readonly<Record<Moves, number>> = {
  base: 12,
  combos: 14,
  windows: 16,
  seams: 20,
  scope: 24,
  policy: 28,
  landed: 32,
};

/** The user's commands and the runs; `combos` and `windows` add the ones the file's head names. */
export function commandsArb(moves: Moves) {
  const combos = moves !== 'base';
  const seams = moves === 'seams' || scopeLike(moves);
  const aimed = moves === 'windows' || seams;
  const hosts: HostName[] = aimed
    ? ['pane', 'schedule', 'scheduleStore', 'cli']
    : combos
      ? ['pane', 'schedule', 'scheduleStore']
      : ['pane', 'schedule'];
  const stops = aimed ? aimedStopArb : stopArb;
  const base: fc.Arbitrary<Cmd>[] = [
    fc.tuple(side, fc.nat(40)).map(([s, p]) => new Edit(s, p)),
    side.map((s) => new Add(s)),
    side.map((s) => new Add(s)),
    runArb(hosts, combos, stops, seams),
    runArb(hosts, combos, stops, seams),
  ];
  const more: fc.Arbitrary<Cmd>[] = combos
    ? [
        fc.nat(40).map((p) => new AddExtras(p)),
        fc.nat(40).map((p) => new ClearPhone(p)),
        fc.nat(40).map((p) => new Clash(p)),
      ]
    : [];
  const windows: fc.Arbitrary<Cmd>[] = aimed
    ? [
        runArb(hosts, combos, stops, seams),
        fc.tuple(side, fc.nat(40)).map(([s, p]) => new EditEmail(s, p)),
        fc.tuple(side, fc.nat(40)).map(([s, p]) => new Delete(s, p)),
      ]
    : [];
  // `seams`: two more runs beside its five commands, so runs still meet each other between them.
  const seamsMoves = seams
    ? [runArb(hosts, combos, stops, seams), runArb(hosts, combos, stops, seams), ...seamsCommands(seamParts)]
    : [];
  // `scope` (crash-scope.ts): all of `seams`, and its own; more commands, so two more runs too.
  const scopeMoves = scopeLike(moves)
    ? [runArb(hosts, combos, stops, seams), runArb(hosts, combos, stops, seams), ...scopeCommands(scopeParts)]
    : [];
  const policyMoves = moves === 'policy' || moves === 'landed' ? policyCommands() : [];
  const landedMoves = moves === 'landed' ? landedCommands(scopeParts) : [];
  const all = [...base, ...more, ...windows, ...seamsMoves, ...scopeMoves, ...policyMoves, ...landedMoves];
  return fc.commands(all, {
    maxCommands: MAX_COMMANDS[moves],
    size: 'medium',
  });
}
