/**
 * How long a run took, in the unit a person reads it in (newuser: History said "Duration: 0.0 s"
 * for a 41 ms run). Under a second: whole milliseconds ("41 ms", the figure the CLI's JSON and the
 * sync API give as `durationMs`); under a minute: seconds to one decimal ("2.3 s"); longer: whole
 * minutes and seconds ("5 min 12 s"). Every text of a duration — the pane in each language, the
 * CLI — takes its figures from here, so none rounds a run that took time to zero.
 */
export type DurationParts =
  | { readonly unit: 'ms'; readonly ms: number }
  | { readonly unit: 's'; readonly seconds: number }
  | { readonly unit: 'min'; readonly minutes: number; readonly seconds: number };

export function durationParts(durationMs: number): DurationParts {
  const ms = Number.isFinite(durationMs) ? Math.max(0, Math.round(durationMs)) : 0;
  if (ms < 1000) return { unit: 'ms', ms };
  // Rounded once, to what is shown: 59,960 ms is "1 min 0 s", never "60.0 s".
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return { unit: 's', seconds: tenths / 10 };
  const seconds = Math.round(ms / 1000);
  return { unit: 'min', minutes: Math.floor(seconds / 60), seconds: seconds % 60 };
}

/** The duration in English, for the CLI: "41 ms", "2.3 s", "5 min 12 s". */
export function durationEnglish(durationMs: number): string {
  const d = durationParts(durationMs);
  if (d.unit === 'ms') return `${d.ms} ms`;
  if (d.unit === 's') return `${d.seconds.toFixed(1)} s`;
  return `${d.minutes} min ${d.seconds} s`;
}

/**
 * A schedule interval in the largest whole unit (newuser: the header said "every 1,440 minutes"):
 * 1440 → 1 day, 120 → 2 hours, 90 → 90 minutes (not a whole number of hours, so minutes stay).
 * The pane's messages select on `unit` and pluralise `n` in each language.
 */
export type IntervalParts = { readonly unit: 'day' | 'hour' | 'minute'; readonly n: number };

export function intervalParts(minutes: number): IntervalParts {
  if (minutes > 0 && minutes % 1440 === 0) return { unit: 'day', n: minutes / 1440 };
  if (minutes > 0 && minutes % 60 === 0) return { unit: 'hour', n: minutes / 60 };
  return { unit: 'minute', n: minutes };
}
