import { compileFilter } from '../../core/filter/index.js';
import type { CompiledFilter } from '../../core/filter/index.js';
import type { SyncSettings } from '../../core/records.js';
import { HttpError } from '../http-error.js';

type Detail = { target: string; message: string };

/** One 400 per bad filter field, saying where in the expression it went wrong. */
export function filterDetails(filter: Readonly<Record<string, string>>): {
  compiled: CompiledFilter | null;
  details: Detail[];
} {
  const compiled = compileFilter(filter);
  if (compiled.ok) return { compiled: compiled.filter, details: [] };
  return {
    compiled: null,
    details: compiled.errors.map((e) => ({
      target: `filter.${e.field}`,
      message: /position \d+/.test(e.error.message)
        ? e.error.message
        : `${e.error.message} (at position ${e.error.position})`,
    })),
  };
}

export function compileOrThrow(filter: Readonly<Record<string, string>>): CompiledFilter {
  const { compiled, details } = filterDetails(filter);
  if (compiled) return compiled;
  throw new HttpError(400, 'InvalidFilter', 'The filter is not valid.', details);
}

/** The checks JSON schema cannot say: a name that is not blank, the schedule's gap, the filter syntax. */
export function checkSettings(s: SyncSettings): SyncSettings {
  const details: Detail[] = [];
  if (s.folderName.trim() === '') details.push({ target: 'folderName', message: 'must not be blank' });
  if (s.scheduleMinutes > 0 && s.scheduleMinutes < 5)
    details.push({ target: 'scheduleMinutes', message: 'must be 0 (off) or between 5 and 43200 minutes' });
  details.push(...filterDetails(s.filter).details);
  if (details.length > 0) throw new HttpError(400, 'InvalidSettings', 'The settings are not valid.', details);
  return {
    folderName: s.folderName,
    filter: { ...s.filter },
    conflictPolicy: s.conflictPolicy,
    scheduleMinutes: s.scheduleMinutes,
    massDeleteShare: s.massDeleteShare,
  };
}
