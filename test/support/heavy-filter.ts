import { FILTERABLE_FIELDS, FILTER_LIMITS } from '../../src/core/filter/index.js';
import { FILTER_FIELD_LENGTH } from '../../src/core/filter/cost.js';
import type { ContactFilter, FilterableField } from '../../src/core/filter/index.js';

/**
 * The costliest expression the per-expression limits (FILTER_LIMITS) let through on `field`:
 * `*` + 17 `?` + `!*` (fewer `?` on shorter fields), `|`-joined up to the length and value limits.
 * Against a value of `a`s every `?` chunk is tried at every place, so each value costs ~n·18.
 */
export function heavyExpression(field: FilterableField, values: number = FILTER_LIMITS.values): string {
  const value = `*${'?'.repeat(Math.min(17, FILTER_FIELD_LENGTH[field]))}!*`;
  const room = Math.floor((FILTER_LIMITS.length + 1) / (value.length + 1));
  return Array.from({ length: Math.min(values, room) }, () => value).join('|');
}

/**
 * Tester F30: every field at its per-expression limits. Each expression alone is valid; together
 * they cost ~958,000 character comparisons per contact (last session: 4,659 ms per match preview).
 */
export const F30_FILTER: ContactFilter = Object.fromEntries(
  FILTERABLE_FIELDS.map((f) => [f, heavyExpression(f)]),
);
