/**
 * BC filter syntax for generated filter texts (fast-check): its operators, ranges, wildcards,
 * quotes and parentheses. The filter's work-meter property and the API fuzz both build on it, each
 * adding the words and characters it cares about.
 */
export const FILTER_SYNTAX = [
  '*',
  '?',
  '|',
  '&',
  '..',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  '@',
  "'",
  '(',
  ')',
] as const;
