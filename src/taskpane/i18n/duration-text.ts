import { durationParts } from '../../core/duration-parts.js';
import type { Translate } from './index.js';

/**
 * "Duration: 41 ms" / "Duration: 2.3 s" / "Duration: 5 min 12 s" in the pane's language: the unit
 * from core's one rule (durationParts), so a short run never reads "0.0 s". Every duration the pane
 * shows (the run summary, History) is worded here.
 */
export function durationText(t: Translate, durationMs: number): string {
  const d = durationParts(durationMs);
  if (d.unit === 'ms') return t('durationMs', { ms: d.ms });
  if (d.unit === 's') return t('duration', { seconds: d.seconds });
  return t('durationMin', { minutes: d.minutes, seconds: d.seconds });
}
