import { compileFilter } from '../../core/filter/index.js';
import type { CompiledFilter } from '../../core/filter/index.js';
import type { SyncSettings } from '../../core/records.js';
import { filterProblems, settingsProblems } from '../../core/settings-rules.js';
import { problemDetail } from '../../messages/english.js';
import { HttpError } from '../http-error.js';

/** One 400 per bad filter field: the parser's error as data, with a default English message. */
export function compileOrThrow(filter: Readonly<Record<string, string>>): CompiledFilter {
  const compiled = compileFilter(filter);
  if (compiled.ok) return compiled.filter;
  throw new HttpError(
    400,
    'InvalidFilter',
    'The filter is not valid.',
    filterProblems(filter).map(problemDetail),
  );
}

/** The rules JSON schema cannot say (core/settings-rules.ts): each broken one is a detail with its data. */
export function checkSettings(s: SyncSettings): SyncSettings {
  const problems = settingsProblems(s);
  if (problems.length > 0)
    throw new HttpError(400, 'InvalidSettings', 'The settings are not valid.', problems.map(problemDetail));
  return {
    folderName: s.folderName,
    filter: { ...s.filter },
    conflictPolicy: s.conflictPolicy,
    scheduleMinutes: s.scheduleMinutes,
    massDeleteShare: s.massDeleteShare,
  };
}
