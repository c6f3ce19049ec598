/// <reference types="office-js" />
import { officeHostHint } from './office-js-source.js';
import type { HintSource } from './office-js-source.js';

/**
 * The only module that touches `Office.*`. Every `*Async` call is wrapped into a promise that
 * rejects with an `Error`; components receive an `OfficeHost` through context, never `Office`.
 */

export interface MessageSender {
  readonly name: string;
  readonly email: string;
}

export interface OfficeHost {
  /** False in a plain browser (Office.onReady gave host null, or office.js is absent). */
  readonly inOffice: boolean;
  readonly displayLanguage: string | null;
  /** Office's theme is dark (body background darker than mid grey). */
  readonly dark: boolean;
  /** The mailbox owner's address inside Outlook. */
  readonly userEmail: string | null;
  /** The sender of the selected message; null without one (pinned pane, no item context). */
  currentSender(): MessageSender | null;
  /** Calls `listener` when the user selects another item (pinned pane). */
  onItemChanged(listener: () => void): Promise<void>;
  isSetSupported(name: string, version: string): boolean;
  /** Opens `url` in an Office dialog and resolves with the first message it sends back. */
  openDialog(url: string, size?: { readonly width: number; readonly height: number }): Promise<string>;
  /** Development only (browser demo, dev tokens): sets the "selected message's" sender by hand. */
  readonly pickSender?: (sender: MessageSender | null) => void;
}

/**
 * The browser demo's host with a sender the developer picks (`pickSender`), so "This sender" shows
 * every state without Office. Never used inside Office or with a real Entra app.
 */
export function withSenderPicker(host: OfficeHost): OfficeHost {
  let current: MessageSender | null = null;
  const listeners = new Set<() => void>();
  return {
    ...host,
    currentSender: () => current,
    onItemChanged: async (listener) => void listeners.add(listener),
    pickSender: (sender) => {
      current = sender;
      for (const listener of listeners) listener();
    },
  };
}

type Callback<T> = (result: Office.AsyncResult<T>) => void;

/**
 * One promise helper for every `*Async` call: failures become `Error`s with Office's code.
 * @internal
 */
export function officeAsync<T>(start: (callback: Callback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((result) => {
        if (result.status === Office.AsyncResultStatus.Succeeded) resolve(result.value);
        else {
          const e = result.error;
          reject(new Error(`Office error ${e?.code ?? '?'}: ${e?.message ?? 'unknown'}`));
        }
      });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

/**
 * The host outside Office: browser language, light or dark from the OS, no message. boot.ts paints
 * the pane's first frame with it before the pane's modules run.
 */
export function browserHost(win: Window = window): OfficeHost {
  return {
    inOffice: false,
    displayLanguage: win.navigator.language ?? null,
    dark: win.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
    userEmail: null,
    currentSender: () => null,
    onItemChanged: async () => undefined,
    isSetSupported: () => false,
    openDialog: () => Promise.reject(new Error('Office dialogs need an Office host.')),
  };
}

function isDarkColor(hex: string | undefined): boolean {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? '');
  if (!m) return false;
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => parseInt(x ?? '0', 16)) as [number, number, number];
  return 0.299 * r + 0.587 * g + 0.114 * b < 128;
}

function outlookHost(): OfficeHost {
  const ctx = Office.context;
  const mailbox = ctx.mailbox;
  return {
    inOffice: true,
    displayLanguage: ctx.displayLanguage ?? null,
    dark: isDarkColor(ctx.officeTheme?.bodyBackgroundColor),
    userEmail: mailbox?.userProfile?.emailAddress ?? null,
    currentSender: () => {
      const item = mailbox?.item as Office.MessageRead | null | undefined;
      const from = item?.from;
      return from ? { name: from.displayName, email: from.emailAddress } : null;
    },
    onItemChanged: (listener) =>
      officeAsync<void>((cb) => mailbox.addHandlerAsync(Office.EventType.ItemChanged, listener, cb)),
    isSetSupported: (name, version) => ctx.requirements?.isSetSupported(name, version) ?? false,
    openDialog: (url, size = { width: 30, height: 60 }) =>
      officeAsync<Office.Dialog>((cb) => ctx.ui.displayDialogAsync(url, size, cb)).then(
        (dialog) =>
          new Promise<string>((resolve, reject) => {
            dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg) => {
              dialog.close();
              if ('message' in arg) resolve(arg.message);
              else reject(new Error(`Office dialog error ${arg.error}`));
            });
            dialog.addEventHandler(Office.EventType.DialogEventReceived, (arg) => {
              const code = 'error' in arg ? arg.error : 0;
              reject(
                new Error(code === 12006 ? 'The sign-in dialog was closed.' : `Office dialog error ${code}`),
              );
            });
          }),
      ),
  };
}

/**
 * Waits for office.js. Outside Office `onReady` resolves with host null; if office.js is blocked
 * or absent it never resolves, so the wait is bounded and the pane runs as a plain web page.
 * @internal
 */
export async function initOffice(timeoutMs = 3000): Promise<OfficeHost> {
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') return browserHost();
  const info = await Promise.race([
    Office.onReady(),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs)),
  ]);
  if (!info || info.host === null || !Office.context?.mailbox) return browserHost();
  return outlookHost();
}

/**
 * How long a page with a host hint waits for Office.onReady, in ms. The hint says the page is in an
 * Office host, so giving up early would run the pane as a plain web page inside Outlook: no user,
 * no sender, no sign-in dialog. A cold or loaded Outlook host may take longer than a few seconds to
 * answer; only a host that never answers (office.js blocked) reaches this bound.
 * @internal
 */
export const HOSTED_READY_MS = 30_000;

/**
 * The pane's host. Office.js knows it runs in a host only from hints on the page (office-js-source.ts);
 * without one its onReady can only answer host null, so a plain browser gets its host at once and the
 * first render never waits for office.js (which the pane's page does not load there: office-js-loader.ts).
 * With a hint it waits for onReady up to `timeoutMs` (HOSTED_READY_MS).
 */
export function officeHost(
  win: Window & HintSource = window,
  timeoutMs = HOSTED_READY_MS,
): Promise<OfficeHost> {
  return officeHostHint(win) === null ? Promise.resolve(browserHost(win)) : initOffice(timeoutMs);
}

/**
 * The sign-in dialog page's side of Office (auth-dialog.html, opened by the pane with
 * `displayDialogAsync`): `ready` waits for office.js (outside an Office host it loads without
 * blocking the page, office-js-loader.ts, so it may not have run yet) and `Office.onReady`;
 * `messageParent` posts one message back to the pane and says whether Office was there to take it.
 */
export const officeDialog = {
  async ready(doc: Document = document): Promise<void> {
    const script = doc.querySelector('script[src$="/office.js"]');
    if (typeof Office === 'undefined' && script)
      await new Promise<void>((resolve) => {
        script.addEventListener('load', () => resolve());
        script.addEventListener('error', () => resolve());
      });
    await Office.onReady();
  },
  messageParent(message: string): boolean {
    if (typeof Office === 'undefined') return false;
    Office.context.ui.messageParent(message);
    return true;
  },
};
