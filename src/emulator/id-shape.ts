import { MAX_PARAM_LENGTH } from '../platform/server-options.js';
import { idMalformed } from './errors.js';

/**
 * The shape of an Exchange id as the emulator checks it: Graph's contact and contactFolder ids are
 * the base64 (or URL-safe base64) text of a binary entry id, '=' padding only at the end, and
 * dozens of characters long (the emulator's own are 45 and 53). Graph answers an id that cannot be
 * one with 400 ErrorInvalidIdMalformed "Id is malformed." — not 404 — (seen from Graph:
 * microsoftgraph/microsoft-graph-docs-contrib#106, invictus-ir/Microsoft-Extractor-Suite#146,
 * mguessan/davmail#459). Exchange's own decoder is not public, so this is a bound: the alphabet,
 * the padding, at least MIN_ID_LENGTH characters and at most MAX_PARAM_LENGTH (the facade's limit
 * for every path parameter, F67).
 */
const MIN_ID_LENGTH = 16;
const EXCHANGE_ID = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Why `id` cannot be an Exchange id, as the end of "the contact id …"; null when it can be one.
 * @internal
 */
export function idShapeProblem(id: string): string | null {
  if (id.length > MAX_PARAM_LENGTH)
    return `is ${id.length} characters long; at most ${MAX_PARAM_LENGTH} are allowed`;
  if (id.length < MIN_ID_LENGTH)
    return `is ${id.length} characters long; an Exchange id has at least ${MIN_ID_LENGTH}`;
  if (!EXCHANGE_ID.test(id))
    return "is not base64 text ('A'-'Z', 'a'-'z', '0'-'9', '+', '/', '-', '_', then '=' padding)";
  return null;
}

/**
 * `id` when it can be an Exchange id; otherwise throws 400 ErrorInvalidIdMalformed naming which id
 * (`what`: "contact id", "contact folder id", …). Every lookup and every seeded id passes here, so
 * a path, a `$batch` item, a body's parentFolderId and a seed file are held to one rule.
 */
export function exchangeId(id: string, what: string): string {
  const problem = idShapeProblem(id);
  if (problem !== null) throw idMalformed(what, problem);
  return id;
}
