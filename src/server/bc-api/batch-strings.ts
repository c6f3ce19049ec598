import { MAX_URL_LENGTH } from '../../platform/server-options.js';
import { shownInput } from '../../platform/shown-input.js';
import { HttpError } from '../http-error.js';

/**
 * The strings of a `$batch` operation a client sends, bounded (README Limits, BC API `$batch`): its
 * id (echoed in its answer and in refusals: an id of a megabyte was taken and sent back), its URL
 * (the request URL's limit, checked before a refusal quotes it), each header's name and value (a
 * megabyte `Prefer` was passed on). The body holds them to 2 MiB in all, not each to a size a
 * client may rely on. Over one: 400 whose detail names the operation's property.
 *
 * @internal exported for the tests that go one past each limit
 */
export const BATCH_STRING_LIMITS = {
  id: 128,
  url: MAX_URL_LENGTH,
  headerName: 256,
  headerValue: 2000,
} as const;

/** Refuses `op` (the operation at `where`, `requests[3]`) when one of its strings is past its limit. */
export function checkOperationStrings(op: Readonly<Record<string, unknown>>, where: string): void {
  bounded(op.id, `${where}.id`, BATCH_STRING_LIMITS.id);
  bounded(op.url, `${where}.url`, BATCH_STRING_LIMITS.url);
  const headers = op.headers;
  if (typeof headers !== 'object' || headers === null) return;
  for (const [name, value] of Object.entries(headers)) {
    bounded(name, `${where}.headers`, BATCH_STRING_LIMITS.headerName);
    bounded(value, `${where}.headers.${shownInput(name)}`, BATCH_STRING_LIMITS.headerValue);
  }
}

function bounded(value: unknown, where: string, max: number): void {
  if (typeof value !== 'string' || value.length <= max) return;
  throw new HttpError(
    400,
    'BadRequest',
    `${where} is ${value.length} characters long; at most ${max} are allowed.`,
    [{ target: where, message: `at most ${max} characters` }],
  );
}
