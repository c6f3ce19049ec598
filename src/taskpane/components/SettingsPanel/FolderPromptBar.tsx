import { Button } from '@fluentui/react-components';
import type { JSX } from 'react';
import { useI18n } from '../../i18n/index.js';
import { QuestionBar } from '../../layout/question-bar.js';
import type { FolderPrompt } from './folder-move.js';
import { useSettingsPanelStyles } from './SettingsPanel.styles.js';
import { Breakable } from '../../layout/breakable.js';

export interface FolderPromptBarProps {
  readonly prompt: FolderPrompt;
  readonly from: string;
  readonly to: string;
  /** Saves the name; `syncNow`: and starts the sync that makes the move. */
  readonly onConfirm: (syncNow: boolean) => void;
  readonly onCancel: () => void;
}

/** Says what the next run does with a new folder name, before anything is saved. */
export function FolderPromptBar({
  prompt,
  from,
  to,
  onConfirm,
  onCancel,
}: FolderPromptBarProps): JSX.Element {
  const { t } = useI18n();
  const styles = useSettingsPanelStyles();
  const preview = prompt.kind === 'rename' ? null : prompt.preview;
  // The folder as Outlook names it now (F103: the user may have renamed it there), else the saved name.
  const current = (prompt.kind === 'rename' ? prompt.from : prompt.preview.from) ?? from;
  const moves = prompt.kind !== 'into';
  return (
    <QuestionBar
      focusKey={prompt.kind}
      title={prompt.kind === 'rename' ? t('folderRenameTitle') : t('folderSwitchTitle', { to })}
      actionsClassName={styles.promptActions}
      actions={
        moves ? (
          <>
            <Button appearance="primary" onClick={() => onConfirm(true)}>
              {t('folderSaveAndSync')}
            </Button>
            <Button onClick={() => onConfirm(false)}>{t('folderSaveOnly')}</Button>
          </>
        ) : (
          <Button appearance="primary" onClick={() => onConfirm(false)}>
            {t('save')}
          </Button>
        )
      }
      onCancel={onCancel}
    >
      {prompt.kind === 'rename' && <Breakable text={t('folderRenameText', { from: current, to })} />}
      {prompt.kind === 'switch' && <Breakable text={t('folderSwitchText', { from: current, to })} />}
      {/* What the folder's own contacts become (F60): said only when it holds some not synced yet. */}
      {preview && preview.contacts > preview.linked && (
        <p data-testid="folder-holds">
          {t('folderSwitchHolds', {
            to,
            contacts: preview.contacts,
            linked: preview.linked,
            matched: preview.matched,
            toBc: preview.toBc,
            skipped: preview.skipped,
          })}
        </p>
      )}
      {/* Only a switch removes the old copies, so only it waits for their values to reach BC. */}
      {prompt.kind === 'switch' && <p>{t('folderMoveHolds', { from: current })}</p>}
    </QuestionBar>
  );
}
