import { HttpError } from '../http-error.js';

/**
 * A query option's refusal as OData answers one: BC's code and message, and one detail whose
 * `target` names the option (`$filter`, `$top`, …) and, where the parser knows it, the `position`
 * (0-based, in the option's text) of the first problem (fresh-eyes pass: the body said neither).
 */
export function optionError(
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
  return optionError(name, `The query option '${name}' is not supported${where}.`);
}
