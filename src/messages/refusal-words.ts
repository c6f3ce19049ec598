import type { StateRefusal } from '../core/state-refusal.js';
import type { Words } from './words.js';

/**
 * A state store's refusal (core/state-refusal.ts) in words: "Outlook contact AAMk… is already
 * synced with another Business Central contact in this folder".
 */
export function storeRefusalText(words: Words, refusal: StateRefusal): string {
  // Every parameter is given: ICU checks the values of the branch it takes only, but a missing one
  // would show as its name.
  const values = { outlookId: '', field: '', key: '', value: '', at: '', list: '', max: 0, ...refusal };
  return words.text('storeRefusal', values);
}
