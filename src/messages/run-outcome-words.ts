import type { RunRecord } from '../core/records.js';
import { uncertainTotal } from '../core/uncertain-writes.js';
import type { Words } from './field-words.js';
import { deferredTexts, uncertainTexts } from './run-error-words.js';

/** The parts of a run record every host's summary of the run is made from. */
export type OutcomeRecord = Pick<RunRecord, 'counts' | 'deferred' | 'uncertain'> & {
  readonly dryRun?: boolean;
};

/**
 * What a run wrote, in words, from its record alone: the one summary the pane's result card and
 * history, the CLI's line and the sync API's words are all made from, so no host can say less than
 * another. `written` has a line per side the run wrote to; "Nothing written" only when the record
 * knows of no write at all: writes sent without an answer (F114) may have landed, so a run with any
 * says so in `notes` instead (a cancelled run whose writes did land read "Nothing written" in
 * history before). `notes` also holds the creates left for the next sync (F69).
 */
export function runOutcomeTexts(
  words: Words,
  record: OutcomeRecord,
): { readonly written: readonly string[]; readonly notes: readonly string[] } {
  const sides = (['bc', 'outlook'] as const).filter((side) => {
    const c = record.counts[side];
    return c.created + c.updated + c.deleted > 0;
  });
  const written = sides.map((side) => words.text('run_written', { side, ...record.counts[side] }));
  const unknown = uncertainTotal(record.uncertain) > 0;
  const nothing = written.length === 0 && !unknown && !record.dryRun;
  return {
    written: nothing ? [words.text('run_nothingWritten')] : written,
    notes: [...deferredTexts(words, record.deferred), ...uncertainTexts(words, record.uncertain)],
  };
}
