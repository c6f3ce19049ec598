import { nfc } from '../model.js';
import { sourceOffset } from '../text-form.js';
import { parseFilterExpression } from './parse.js';
import type { ParseResult } from './types.js';

/**
 * A filter expression parsed as the server keeps it: in its one text form (NFC, issue 8 §5), an
 * error's position counted in the text as typed (text-form.ts sourceOffset). The pane's instant
 * check and the server's compileFilter both parse through this, so the pane never offers to save
 * what the server then refuses (helper newuser: `a|` and a zero-width space passed the pane's check
 * of the raw text, and Save was refused).
 */
export function parseAsTyped(source: string): ParseResult {
  const parsed = parseFilterExpression(nfc(source));
  return parsed.ok
    ? parsed
    : { ok: false, error: { ...parsed.error, position: sourceOffset(source, parsed.error.position) } };
}
