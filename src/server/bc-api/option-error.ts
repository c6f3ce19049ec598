import { HttpError } from '../http-error.js';

/**
 * A query option's refusal as OData answers one: BC's code and message, and one detail whose
 * `target` names the option (`$filter`, `$top`, …) and, where the parser knows it, the `position`
 * (0-based, in the option's text) of the first problem (fresh-eyes pass: the body said neither).
 */
function optionError(
  option: string,
  message: string,
  options: { readonly code?: string; readonly position?: number } = {},
): HttpError {
  const { code = 'BadRequest', position } = options;
  return new HttpError(400, code, message, [
    {
      target: option,
      message,
      ...(position === undefined ? {} : { reason: { kind: 'queryOption', option, position } }),
    },
  ]);
}

/** An OData `$` option the route does not serve: 400, never ignored. */
export function unsupportedOption(name: string, where = ''): HttpError {
  return optionError(name, `The query option '${name}' is not supported${where}.`);
}
