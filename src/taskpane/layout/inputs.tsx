import { Input as FluentInput, Select as FluentSelect } from '@fluentui/react-components';
import type { InputProps, SelectProps } from '@fluentui/react-components';
import type { JSX } from 'react';

/*
 * The pane's only text boxes and drop-downs (eslint.config.js refuses Fluent's own to the pane):
 * each lays its text out by the text's first strong letter (dir="auto", HTML's own rule). A
 * Hebrew or Arabic folder name, filter value or sender address sat in a left-to-right box: its
 * words kept their letters' order, but punctuation and digits at its ends went to the wrong side,
 * so the box showed a different name than the one the user typed. Fluent passes `dir` to the
 * primary slot, the native <input> / <select>.
 */

/** Fluent's Input, its text laid out in the direction of what is typed. */
export function Input(props: InputProps): JSX.Element {
  return <FluentInput {...props} dir="auto" />;
}

/** Fluent's Select, its chosen option laid out in the direction of its words. */
export function Select(props: SelectProps): JSX.Element {
  return <FluentSelect {...props} dir="auto" />;
}
