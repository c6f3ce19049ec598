import { inputParams, shownInput } from '../platform/shown-input.js';
import { HttpError } from './http-error.js';
import type { ErrorDetail } from './http-error.js';

/** One value a client sent that a refusal quotes: the parameter's name in the reason, and the value. */
export interface QuotedInput {
  /** The reason's parameter (`property`, `id`, `path`…); its length goes beside it as `<name>Length`. */
  readonly name: string;
  readonly value: string;
}

/**
 * A 4xx that quotes what a client sent (a property name, a key, a path, a $batch operation's id, URL
 * or header): the one way the server's routes build one (src/platform/shown-input.ts says why). The
 * message is `words` of the value as shownInput shows it (hidden characters escaped, at most
 * SHOWN_INPUT_MAX characters), so it is bounded whatever was sent; the detail's reason carries the
 * value the same way, with its length as sent (`inputParams`), beside `kind` and `params`. A
 * `target` of `null` names the value itself (an unknown property is where it is), shown too.
 */
export function quotedRefusal(
  status: number,
  code: string,
  input: QuotedInput,
  words: (shown: string) => string,
  detail: {
    readonly target: string | null;
    readonly kind: string;
    /** The detail's short message; the whole message when not given. */
    readonly message?: string;
    readonly params?: Readonly<Record<string, string | number>>;
  },
): HttpError {
  const shown = shownInput(input.value);
  const message = words(shown);
  const reason = { kind: detail.kind, ...(detail.params ?? {}), ...inputParams(input.name, input.value) };
  const details: ErrorDetail[] = [
    { target: detail.target ?? shown, message: detail.message ?? message, reason },
  ];
  return new HttpError(status, code, message, details, undefined, { ...reason, kind: code });
}
