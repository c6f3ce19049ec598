import { inputParams, shownInput } from '../../platform/shown-input.js';
import { HttpError } from '../http-error.js';
import type { QuotedInput } from '../quoted-refusal.js';

/**
 * A query option's refusal as OData answers one: BC's code and message, and one detail whose
 * `target` names the option (`$filter`, `$top`, …) and, where the parser knows it, the `position`
 * (0-based, in the option's text) of the first problem (fresh-eyes pass: the body said neither).
 * The option's name is the client's (an unknown `$…`), so the target and reason show it through
 * shownInput; `quoted` is the value the message quotes (as shownInput shows it), carried in the
 * reason with its length as sent.
 */
export function optionError(
  option: string,
  message: string,
  options: { readonly code?: string; readonly position?: number; readonly quoted?: QuotedInput } = {},
): HttpError {
  const { code = 'BadRequest', position, quoted } = options;
  const reason =
    position === undefined && quoted === undefined
      ? {}
      : {
          reason: {
            kind: 'queryOption',
            ...inputParams('option', option),
            ...(position === undefined ? {} : { position }),
            ...(quoted === undefined ? {} : inputParams(quoted.name, quoted.value)),
          },
        };
  return new HttpError(400, code, message, [{ target: shownInput(option), message, ...reason }]);
}

/** `err` with `option` as its target (and `position`), when it is a 400 that names no target yet; else `err`. */
export function targeted(err: unknown, option: string, position?: number): unknown {
  if (!(err instanceof HttpError) || err.status !== 400 || (err.details?.length ?? 0) > 0) return err;
  return optionError(option, err.message, {
    code: err.code,
    ...(position === undefined ? {} : { position }),
  });
}

/** An OData `$` option the route does not serve: 400, never ignored. */
export function unsupportedOption(name: string, where = ''): HttpError {
  return optionError(name, `The query option '${shownInput(name)}' is not supported${where}.`, {
    quoted: { name: 'option', value: name },
  });
}
