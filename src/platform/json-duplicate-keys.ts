import { pointerToken } from '../pure/json-walk.js';
import { BadInput } from './bad-input.js';
import { inputParams, shownInput } from './shown-input.js';

/**
 * Duplicate property names in a JSON body (panepolish item 2): JSON.parse keeps the last value of a
 * name given twice and says nothing, so `{"city":"Oslo","city":""}` cleared a city its sender may
 * have meant to set, and which one the server took depended on the parser. OData's JSON format
 * forbids a name twice in one object; the facade refuses such a body, naming the property and where.
 * Runs on text JSON.parse has accepted (valid JSON), so the scan only tells keys from values.
 */

interface ObjectFrame {
  readonly keys: Set<string>;
  /** The member being read (its name once read), for the pointer of what is nested in it. */
  key: string;
  expectKey: boolean;
}
interface ArrayFrame {
  index: number;
}
type Frame = ObjectFrame | ArrayFrame;

/** Where a name repeats: its JSON Pointer (the second one's), the name, and its character offset. */
export interface DuplicateKey {
  readonly at: string;
  readonly key: string;
  readonly offset: number;
}

const isObject = (frame: Frame | undefined): frame is ObjectFrame => frame !== undefined && 'keys' in frame;

function pointerOf(frames: readonly Frame[], key: string): string {
  const tokens = frames.slice(0, -1).map((f) => (isObject(f) ? pointerToken(f.key) : String(f.index)));
  return `/${[...tokens, pointerToken(key)].join('/')}`;
}

/** The first name given twice in one object of `text` (valid JSON), at any depth; null when none. */
export function duplicateKey(text: string): DuplicateKey | null {
  // No object, no names (most bodies of lists of ids are arrays of strings, a scan of one char each).
  if (!text.includes('{')) return null;
  const frames: Frame[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) {
          escaped = true;
          i++;
        } else if (s === 0x22) break;
      }
      const top = frames[frames.length - 1];
      if (!isObject(top) || !top.expectKey) continue;
      // An escaped name is the name it spells ("\u0063ity" is "city"): the text is valid JSON.
      const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
      if (top.keys.has(key)) return { at: pointerOf(frames, key), key, offset: start };
      top.keys.add(key);
      top.key = key;
      top.expectKey = false;
    } else if (c === 0x7b /* { */) frames.push({ keys: new Set(), key: '', expectKey: true });
    else if (c === 0x5b /* [ */) frames.push({ index: 0 });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) frames.pop();
    else if (c === 0x2c /* , */) {
      const top = frames[frames.length - 1];
      if (isObject(top)) top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return null;
}

/**
 * The refusal of a body that gives a name twice: which name and where, quoted bounded and escaped
 * (shown-input.ts: a 120 KB name, a U+202E in it), and as data for clients that word it.
 */
export function duplicateKeyRefusal(duplicate: DuplicateKey): BadInput {
  return new BadInput(
    400,
    'BadRequest_DuplicateProperty',
    `The request body gives the property '${shownInput(duplicate.key)}' more than once in one object, at ${shownInput(duplicate.at)} (character ${duplicate.offset}); each property may appear once.`,
    {
      kind: 'duplicateProperty',
      ...inputParams('property', duplicate.key),
      ...inputParams('at', duplicate.at),
      offset: duplicate.offset,
    },
    'body',
  );
}
