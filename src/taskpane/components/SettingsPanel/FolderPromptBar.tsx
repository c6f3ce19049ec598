import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import type { JSX } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useFocusOn } from '../../layout/focus.js';
import type { FolderPrompt } from './folder-move.js';

export interface FolderPromptBarProps {
  readonly prompt: FolderPrompt;
  readonly from: string;
  readonly to: string;
  readonly onConfirm: (kind: 'rename' | 'switch') => void;
  readonly onCancel: () => void;
}

/** Says what a new folder name will do to the synced contacts, before anything is written. */
export function FolderPromptBar({
  prompt,
  from,
  to,
  onConfirm,
  onCancel,
}: FolderPromptBarProps): JSX.Element {
  const { t } = useI18n();
  // Focus moves to the question (the Save button stays where it was).
  const ref = useFocusOn<HTMLDivElement>(prompt.kind);
  const words = {
    rename: {
      title: t('folderRenameTitle'),
      text: t('folderRenameText', { from, to }),
      held: null,
      confirm: t('folderRenameConfirm'),
    },
    switch: {
      title: t('folderSwitchTitle', { to }),
      text: t('folderSwitchText', { from, to, n: prompt.kind === 'switch' ? prompt.copies : 0 }),
      // What the folder's own contacts become (F60): said only when it holds some not synced yet.
      held:
        prompt.kind === 'switch' && prompt.held.contacts > prompt.held.linked
          ? t('folderSwitchHolds', {
              to,
              contacts: prompt.held.contacts,
              linked: prompt.held.linked,
              matched: prompt.held.matched,
              toBc: prompt.held.toBc,
              skipped: prompt.held.skipped,
            })
          : null,
      confirm: t('folderSwitchConfirm'),
    },
    blocked: {
      title: t('folderSwitchTitle', { to }),
      text: t('folderSwitchBlocked', { from, n: prompt.kind === 'blocked' ? prompt.held : 0 }),
      held: null,
      confirm: null,
    },
  }[prompt.kind];
  return (
    // Fluent's MessageBar is itself a group named by its title.
    <div ref={ref} tabIndex={-1}>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{words.title}</MessageBarTitle>
          {words.text}
          {words.held && <p data-testid="folder-holds">{words.held}</p>}
        </MessageBarBody>
        <MessageBarActions>
          {words.confirm && prompt.kind !== 'blocked' && (
            <Button appearance="primary" onClick={() => onConfirm(prompt.kind)}>
              {words.confirm}
            </Button>
          )}
          <Button onClick={onCancel}>{t('cancel')}</Button>
        </MessageBarActions>
      </MessageBar>
    </div>
  );
}
