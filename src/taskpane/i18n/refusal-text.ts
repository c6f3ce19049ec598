import type { SchemaReason } from '../../core/schema-reason.js';
import type { SettingsProblem } from '../../core/settings-rules.js';
import { problemText } from '../../messages/words.js';
import type { RefusalDetail } from '../api/failure.js';
import type { I18n } from './index.js';

/**
 * One refused field of a 400 (`error.details[]`: target and `reason` as data), in the user's
 * language (issue 14 F31): the rules of core/settings-rules.ts as `problemText` words them, the
 * body schema's reasons (server/schema-refusal.ts) from the `refusal_` keys. The server's English
 * `message` is never shown; a reason this pane does not know is "is not valid".
 */
/** The rules core states (SettingsProblem kinds); `tooLong` is both, with `max` or `limit`. */
const SETTINGS_KIND_SET: Readonly<Record<SettingsProblem['kind'], true>> = {
  blank: true,
  tooLong: true,
  invisibleCharacter: true,
  scheduleRange: true,
  shareRange: true,
  filterSyntax: true,
};

/** Every schema reason; a kind added on the server breaks the build here until it is worded. */
const SCHEMA_KIND_SET: Readonly<Record<Exclude<SchemaReason['kind'], 'tooLong'>, true>> = {
  tooShort: true,
  tooMany: true,
  tooFew: true,
  tooLarge: true,
  tooSmall: true,
  required: true,
  unknownProperty: true,
  wrongType: true,
  notAllowed: true,
  pattern: true,
  format: true,
  duplicateItems: true,
  invalid: true,
};
/** @internal Test seam: tests go over every kind this table words (none left unworded). */
export const SCHEMA_REFUSAL_KINDS = Object.keys(SCHEMA_KIND_SET) as readonly (keyof typeof SCHEMA_KIND_SET)[];

const isSettingsKind = (kind: string): kind is SettingsProblem['kind'] => kind in SETTINGS_KIND_SET;
const isSchemaKind = (kind: string): kind is keyof typeof SCHEMA_KIND_SET => kind in SCHEMA_KIND_SET;

/** What is wrong with the field `detail.target` names ("must be at most 255 characters"). */
export function refusalText(
  i18n: Pick<I18n, 't' | 'text' | 'list' | 'field'>,
  detail: RefusalDetail,
): string {
  const reason = detail.reason ?? {};
  const kind = typeof reason.kind === 'string' ? reason.kind : 'invalid';
  if (kind === 'tooLong') {
    const max = Number(reason.max ?? reason.limit);
    return i18n.t('problem_tooLong', { max });
  }
  if (isSettingsKind(kind))
    return problemText(i18n, { ...reason, kind, target: detail.target } as SettingsProblem);
  if (!isSchemaKind(kind)) return i18n.t('refusal_invalid');
  const property = typeof reason.property === 'string' ? i18n.field(reason.property) : '';
  const allowed = Array.isArray(reason.allowed) ? i18n.list(reason.allowed.map(String)) : '';
  return i18n.t(`refusal_${kind}`, { limit: Number(reason.limit ?? 0), property, allowed });
}

/**
 * The settings form's field of a detail target: `folderName`, `filter.city`; a schema's JSON
 * Pointer (`body/folderName`, `body/filter/city`) names the same fields.
 */
export function fieldOfTarget(target: string): string {
  const path = target
    .replace(/^body\/?/, '')
    .split('/')
    .filter((p) => p !== '');
  return path.length === 0 ? target : path.join('.');
}

/** The label a settings field shows: `filter.city` is BC's caption of City; the form's own fields by name. */
export function settingLabel(i18n: Pick<I18n, 't' | 'field'>, field: string): string {
  if (field.startsWith('filter.')) return i18n.field(field.slice(7));
  switch (field) {
    case 'folderName':
    case 'conflictPolicy':
    case 'scheduleMinutes':
    case 'massDeleteShare':
      return i18n.t(field);
    default:
      return i18n.field(field);
  }
}
