import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import type { JSX, ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';
import { useFocusOn } from './focus.js';

export interface QuestionBarProps {
  /** Focus moves to the question when it opens and when this changes (the pressed button stays put). */
  readonly focusKey: string;
  readonly title: ReactNode;
  /** What the choice does. */
  readonly children: ReactNode;
  /** The buttons that go ahead; Cancel follows them. */
  readonly actions: ReactNode;
  readonly onCancel: () => void;
  readonly actionsClassName?: string;
}

/** A question asked before a change (a bulk choice, a new folder name): what it does; go ahead or Cancel. */
export function QuestionBar(props: QuestionBarProps): JSX.Element {
  const { t } = useI18n();
  const ref = useFocusOn<HTMLDivElement>(props.focusKey);
  return (
    // Fluent's MessageBar is itself a group named by its title.
    <div ref={ref} tabIndex={-1}>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{props.title}</MessageBarTitle>
          {props.children}
        </MessageBarBody>
        <MessageBarActions className={props.actionsClassName}>
          {props.actions}
          <Button onClick={props.onCancel}>{t('cancel')}</Button>
        </MessageBarActions>
      </MessageBar>
    </div>
  );
}
