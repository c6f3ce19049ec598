import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { MessageBarIntent } from '@fluentui/react-components';
import type { JSX } from 'react';
import { Breakable } from './breakable.js';

/**
 * A notice that is one sentence, which may hold a long value (an e-mail address, a folder or host
 * name): it breaks where such values break (Breakable).
 */
export function TextBar({
  intent,
  text,
}: {
  readonly intent: MessageBarIntent;
  readonly text: string;
}): JSX.Element {
  return (
    <MessageBar intent={intent} layout="multiline">
      <MessageBarBody>
        <Breakable text={text} />
      </MessageBarBody>
    </MessageBar>
  );
}
