import { settingsInTextForm } from '../../core/settings-rules.js';
import { compileFilter } from '../../core/filter/index.js';
import type { CompiledFilter } from '../../core/filter/index.js';
import type { SyncSettings } from '../../core/records.js';
import { filterProblems, folderNameProblems, settingsProblems } from '../../core/settings-rules.js';
import { folderNameForm } from '../../core/text-form.js';
import type { SettingsProblem } from '../../core/settings-rules.js';
import { problemDetail } from '../../messages/english.js';
import { HttpError } from '../http-error.js';

/** One 400 per bad filter field: the parser's error as data, with a default English message. */
export function compileOrThrow(filter: Readonly<Record<string, string>>): CompiledFilter {
  const compiled = compileFilter(filter);
  if (compiled.ok) return compiled.filter;
  const details = filterProblems(filter).map(problemDetail);
  throw new HttpError(400, 'InvalidFilter', `The filter is not valid: ${summary(details)}`, details);
}

/** What and where in the one-line message too (`filter.name: …`), not only in the details. */
function summary(details: readonly { target: string; message: string }[]): string {
  return details.map((d) => `${d.target}: ${d.message}`).join('; ');
}

/** The rules JSON schema cannot say (core/settings-rules.ts): each broken one is a detail with its data. */
export function checkSettings(s: SyncSettings): SyncSettings {
  refuseProblems(settingsProblems(s));
  // As the store keeps them (one text form), so the answer shows what was saved.
  return settingsInTextForm({
    folderName: s.folderName,
    filter: { ...s.filter },
    conflictPolicy: s.conflictPolicy,
    scheduleMinutes: s.scheduleMinutes,
    massDeleteShare: s.massDeleteShare,
  });
}

/**
 * A folder name as the settings would save it, or the 400 Save would answer for it (F107: the
 * folder preview takes only names the settings take).
 */
export function checkFolderName(folderName: string): string {
  refuseProblems(folderNameProblems(folderName));
  return folderNameForm(folderName);
}

function refuseProblems(problems: readonly SettingsProblem[]): void {
  if (problems.length === 0) return;
  const details = problems.map(problemDetail);
  throw new HttpError(400, 'InvalidSettings', `The settings are not valid: ${summary(details)}`, details);
}
