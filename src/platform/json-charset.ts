import { BadInput } from './bad-input.js';
import { inputParams, shownInput } from './shown-input.js';

/** A quoted parameter value (RFC 9110 §5.6.4), without escapes: a charset name holds none. */
const QUOTED = /^"(.*)"$/;

/**
 * A JSON body in a charset other than UTF-8 (RFC 8259 §8.1: JSON exchanged between systems is
 * UTF-8): `application/json; charset=utf-16` was read as UTF-8 all the same, its text misread
 * rather than refused. The refusal (415, before the body is read), or null: no charset, or
 * `utf-8` in any case, quoted or not. Other media types are their parsers' business.
 */
export function jsonCharsetRefusal(contentType: string | undefined): BadInput | null {
  if (contentType === undefined) return null;
  const [type = '', ...params] = contentType.split(';');
  if (type.trim().toLowerCase() !== 'application/json') return null;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const charset = param
      .slice(eq + 1)
      .trim()
      .replace(QUOTED, '$1');
    if (charset.toLowerCase() !== 'utf-8')
      return new BadInput(
        415,
        'UnsupportedMediaType',
        `The charset '${shownInput(charset)}' is not accepted here; send application/json in UTF-8 (charset=utf-8 or none).`,
        { kind: 'unsupportedCharset', ...inputParams('charset', charset) },
        'header.content-type',
      );
  }
  return null;
}
