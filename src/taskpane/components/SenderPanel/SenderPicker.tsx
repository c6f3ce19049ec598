import { Button, Field } from '@fluentui/react-components';
import { Input } from '../../layout/inputs.js';
import { useState } from 'react';
import type { JSX } from 'react';
import { isBcEmail } from '../../../core/email-address.js';
import { useI18n } from '../../i18n/index.js';
import type { MessageSender } from '../../office/office-host.js';
import { useSenderPanelStyles } from './SenderPanel.styles.js';

/**
 * Development only (browser demo): type a sample sender's address to see "This sender" in every
 * state — synced, not a BC contact, out of scope with its rule, in conflict — without Office.
 */
export function SenderPicker({
  onPick,
}: {
  readonly onPick: (sender: MessageSender | null) => void;
}): JSX.Element {
  const styles = useSenderPanelStyles();
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  // The one e-mail rule (core's isBcEmail, F70): an address BC would refuse is said here, not looked up.
  const [refused, setRefused] = useState<string | null>(null);
  return (
    <form
      className={styles.picker}
      aria-label={t('samplePicker')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const address = email.trim();
        if (address && !isBcEmail(address)) return setRefused(address);
        setRefused(null);
        onPick(address ? { name: '', email: address } : null);
      }}
    >
      <Field
        label={t('samplePicker')}
        hint={t('samplePickerHint')}
        validationState={refused === null ? 'none' : 'error'}
        validationMessage={refused === null ? undefined : t('sampleInvalidEmail', { address: refused })}
      >
        {/* Text, not type="email": HTML's e-mail check refuses a non-ASCII local part (F57), and the
            browser then blocked the form without a word. Internationalized addresses (RFC 6531)
            are real senders; the pane looks them up like any other. */}
        <Input
          type="text"
          inputMode="email"
          autoComplete="off"
          value={email}
          onChange={(_, d) => setEmail(d.value)}
        />
      </Field>
      <div>
        <Button type="submit" size="small">
          {t('sampleShow')}
        </Button>
      </div>
    </form>
  );
}
