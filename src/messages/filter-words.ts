import type { FilterExpected, FilterSyntaxError } from '../core/filter/index.js';
import type { SettingsProblem } from '../core/settings-rules.js';
import { fieldKeyList } from './field-words.js';
import type { Words } from './field-words.js';

/** The filter parser's and the settings rules' problems in words. */

/**
 * What the filter parser wanted, in words.
 * @internal words.test.ts words every kind the parser can expect, in every language, on its own.
 */
export function filterExpectedText(words: Words, expected: FilterExpected): string {
  switch (expected.kind) {
    case 'value':
      return expected.after === null
        ? words.text('expected_value')
        : words.text('expected_valueAfter', { token: `'${expected.after}'` });
    case 'valueWithoutWildcards':
      return words.text('expected_noWildcards');
    case 'closingQuote':
      return words.text('expected_closingQuote');
    case 'closeParen':
      return words.text('expected_closeParen');
    case 'operatorOrEnd':
      return words.text(expected.orCloseParen ? 'expected_operatorParenOrEnd' : 'expected_operatorOrEnd');
    case 'operatorOrClose':
      return words.text('expected_operatorOrClose', { position: expected.open + 1 });
    case 'nestingAtMost':
      return words.text('expected_maxNesting', { max: expected.max });
    case 'lengthAtMost':
      return words.text('expected_maxLength', { max: expected.max });
    case 'valuesAtMost':
      return words.text('expected_maxValues', { max: expected.max });
    case 'workAtMost':
      return words.text('expected_maxWork', { max: expected.max });
    case 'filterField':
      return words.text('expected_filterField', { fields: fieldKeyList(words, expected.fields) });
    case 'text':
      return words.text('expected_text');
  }
}

/** "Position 8: expected a value after '|'" (positions 1-based, as people count). */
export function filterErrorText(words: Words, error: FilterSyntaxError): string {
  // The whole filter's work has no position: it is said of the field that costs the most.
  if (error.expected.kind === 'workAtMost')
    return words.text('filterTooCostly', { estimate: error.expected.estimate, max: error.expected.max });
  // A key the filter does not know has no position in an expression: say the key and the keys it takes.
  if (error.expected.kind === 'filterField')
    return words.text('filterUnknownField', {
      field: error.found ?? '',
      fields: fieldKeyList(words, error.expected.fields),
    });
  return words.text('filterErrorAt', {
    position: error.position + 1,
    expected: filterExpectedText(words, error.expected),
  });
}

/**
 * What is wrong with a settings field, saying the rule ("0 = off, or 5 to 43,200 minutes"): the
 * message keyed by the problem's kind (`problem_<kind>`), its limits (max, min, codePoint) as values.
 */
export function problemText(words: Words, problem: SettingsProblem): string {
  if (problem.kind === 'filterSyntax') return filterErrorText(words, problem.error);
  const { kind, target: _target, ...limits } = problem;
  return words.text(`problem_${kind}`, limits);
}
