/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { act, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { lazyHold, lazyPart } from '../../src/taskpane/layout/lazy.js';
import { renderPane } from './harness.js';

function Greeting({ name }: { readonly name: string }) {
  return <p>Hello {name}</p>;
}

/** A chunk download the test answers by hand: fail it, or deliver the module. */
function chunk() {
  const answers: { ok: (m: { Greeting: typeof Greeting }) => void; fail: (e: Error) => void }[] = [];
  const load = () =>
    new Promise<{ Greeting: typeof Greeting }>((ok, fail) => {
      answers.push({ ok, fail });
    });
  return { load, answers };
}

describe('lazyPart: a part of the pane in a chunk of its own', () => {
  test('a spinner holds its place until it arrives, then it renders with its props', async () => {
    const c = chunk();
    const part = lazyPart(c.load, 'Greeting');
    renderPane(<part.Part name="Ann" />);
    expect(screen.getByText('Loading…')).toBeTruthy();
    c.answers[0]?.ok({ Greeting });
    expect(await screen.findByText('Hello Ann')).toBeTruthy();
    expect(c.answers).toHaveLength(1);
  });

  test('a failed download offers Retry, which downloads again (no reload of the pane)', async () => {
    const c = chunk();
    const part = lazyPart(c.load, 'Greeting');
    renderPane(<part.Part name="Bea" />);
    c.answers[0]?.fail(new Error('blocked'));
    // Said, with what to do, next to Retry (issue 14: the server stopped).
    expect(await screen.findByText(/^The server does not answer: .* Try again in a minute\.$/)).toBeTruthy();
    await userEvent.click(await screen.findByRole('button', { name: 'Retry' }));
    expect(c.answers).toHaveLength(2);
    c.answers[1]?.ok({ Greeting });
    expect(await screen.findByText('Hello Bea')).toBeTruthy();
  });

  test('preload downloads once; a part mounted after it arrived renders at once', async () => {
    const c = chunk();
    const part = lazyPart(c.load, 'Greeting');
    const first = part.preload();
    void part.preload();
    expect(c.answers).toHaveLength(1);
    c.answers[0]?.ok({ Greeting });
    await first;
    // As in the product: the pane's tests hold every part until they wait on the DOM (harness).
    const hold = lazyHold.before;
    lazyHold.before = null;
    try {
      renderPane(<part.Part name="Cai" />);
      expect(screen.getByText('Hello Cai')).toBeTruthy();
    } finally {
      lazyHold.before = hold;
    }
  });

  test('in the pane tests, a part shows only while the test waits on the DOM, even one downloaded (harness)', async () => {
    const c = chunk();
    const part = lazyPart(c.load, 'Greeting');
    const first = part.preload();
    c.answers[0]?.ok({ Greeting });
    await first;
    renderPane(<part.Part name="Dee" />);
    // A lookup right after an action (user-event's turns pass, act flushes) does not find it...
    await userEvent.click(document.body);
    await act(async () => undefined);
    expect(screen.queryByText('Hello Dee')).toBeNull();
    // ...a wait on the DOM does.
    expect(await screen.findByText('Hello Dee')).toBeTruthy();
  });
});
