/**
 * Stand-ins for the Outlook host side of Office.js's host bridges: only what the real host
 * answers, never Office.js itself. Each runs in the browser (Playwright init scripts).
 *
 * Protocols as the package's host scripts use them (@microsoft/office-js dist, *.debug.js):
 * - Win32 (outlook-win32-16.02): `window.external.GetContext()` returns the control context
 *   (GetAppType 8 = Outlook, locales, versions, GetSettings); `window.external.Execute(dispId,
 *   params, callback)` answers with `callback({toArray: () => [json, 0]}, 0)`; dispId 1 is
 *   GetInitialData (the mailbox's initial data as JSON).
 * - Mac (outlook-mac-16.00): `window.webkit.messageHandlers.Agave.postMessage(json)` with
 *   `{methodId, params, callbackId, callbackFunction}`; methodId 5 = GetContext (an array indexed by
 *   OSFWebkit.AppContextProperties), 1 = Execute (`params.id` is the dispId; the payload is
 *   `[resultCode, [json, 0]]`), 2 = RegisterEvent; the host calls back the dotted
 *   `callbackFunction(callbackId, payload)`.
 * - Web (outlook-web-16.01): the pane runs in an iframe of an https Office web origin and talks
 *   by postMessage (Microsoft.Office.Common XDM): JSON requests `{_messageType: 0, _actionName,
 *   _conversationId, _correlationId, _data}`; the host answers `{_messageType: 1, ..., _errorCode: 0,
 *   _responseType: 0, _data}`. Actions: ContextActivationManager_getAppContextAsync (the app
 *   context, _appName 64 = OutlookWebApp), GetInitialData, ContextActivationManager_notifyHost.
 */

/** What every stand-in host says about the mailbox. */
export const MAILBOX = {
  permissionLevel: 1,
  userDisplayName: 'Ada Lovelace',
  userEmailAddress: 'ada@contoso.com',
  timeZone: 'UTC',
  hostVersion: '16.0.17928.20000',
};

type Win = Record<string, unknown>;

/** Outlook for Windows: window.external. `hint` also answers GetHostInfo, as the desktop host does. */
export function win32Bridge(args: { readonly data: typeof MAILBOX; readonly hostInfo: string | null }): void {
  const context = {
    GetAppType: () => 8,
    GetSolutionRef: () => 'contact-sync',
    GetAppVersionMajor: () => 16,
    GetAppVersionMinor: () => 0,
    GetAppUILocale: () => 'en-US',
    GetAppDataLocale: () => 'en-US',
    GetDocUrl: () => '',
    GetAppCapabilities: () => 0,
    GetActivationMode: () => 0,
    GetControlIntegrationLevel: () => 0,
    GetSolutionToken: () => '',
    GetCorrelationId: () => 'e2e',
    GetInstanceId: () => 'e2e-instance',
    GetSupportedMatrix: () => '',
    GetHostFullVersion: () => args.data.hostVersion,
    GetSettings: () => ({ Read: () => undefined, Write: () => undefined }),
    // Office.context.officeTheme on Windows: colours as integers, keyed like officeTheme's properties.
    GetOfficeThemeInfo: () =>
      JSON.stringify({
        bodyBackgroundColor: 0xffffff,
        bodyForegroundColor: 0x262626,
        controlBackgroundColor: 0xffffff,
        controlForegroundColor: 0x262626,
      }),
  };
  const external = (window as unknown as Win).external as Win;
  external.GetContext = () => context;
  if (args.hostInfo) external.GetHostInfo = () => args.hostInfo;
  external.Execute = (dispId: number, _params: unknown, callback: (data: unknown, code: number) => void) => {
    const result = dispId === 1 ? JSON.stringify(args.data) : '{}';
    setTimeout(() => callback({ toArray: () => [result, 0] }, 0), 0);
  };
}

/** Outlook for Mac: the WKWebView script message handler "Agave". */
export function macBridge(args: { readonly data: typeof MAILBOX }): void {
  const context: unknown[] = [];
  const set = (index: number, value: unknown) => (context[index] = value);
  // OSFWebkit.AppContextProperties indexes.
  set(0, [[], []]); // Settings: keys, values
  set(1, 'contact-sync');
  set(2, 8); // AppType: Outlook
  set(3, 16);
  set(4, 0);
  set(5, 0);
  set(6, '');
  set(7, 0);
  set(8, 'en-US');
  set(9, 'en-US');
  set(10, 0);
  set(11, '');
  set(12, 0);
  set(13, 0);
  set(14, '');
  set(15, '');
  set(16, 'e2e');
  set(17, 'e2e-instance');
  set(18, false);
  set(19, true);
  set(20, '');
  set(21, '');
  set(22, args.data.hostVersion);
  set(23, 0);
  const resolvePath = (path: string) =>
    path.split('.').reduce<unknown>((o, k) => (o as Win)[k], window) as (
      id: string,
      payload: unknown,
    ) => void;
  const agave = {
    postMessage(json: string) {
      const m = JSON.parse(json) as {
        methodId: number;
        params: { id?: number };
        callbackId: string;
        callbackFunction: string;
      };
      const reply = (payload: unknown) =>
        setTimeout(() => resolvePath(m.callbackFunction)(m.callbackId, payload), 0);
      if (m.methodId === 5) reply(context);
      else if (m.methodId === 1) reply([0, [m.params.id === 1 ? JSON.stringify(args.data) : '{}', 0]]);
      else if (m.callbackId) reply([0]);
    },
  };
  (window as unknown as Win).webkit = { messageHandlers: { Agave: agave } };
}

/** Outlook on the web: the host page that frames the pane (runs only on the host's origin). */
export function webHost(args: { readonly data: typeof MAILBOX; readonly hostOrigin: string }): void {
  if (window.location.origin !== args.hostOrigin) return;
  const appContext = {
    _id: 'contact-sync',
    _appName: 64, // OutlookWebApp
    _appVersion: 16,
    _appMinorVersion: 1,
    _appUILocale: 'en-US',
    _dataLocale: 'en-US',
    _docUrl: '',
    _clientMode: 0,
    _settings: {},
    _reason: 0,
    _osfControlType: 0,
    _eToken: '',
    _correlationId: 'e2e',
    _appInstanceId: 'e2e-instance',
    _requirementMatrix: '',
    _hostFullVersion: args.data.hostVersion,
    _appDomains: [],
  };
  const answers: Record<string, unknown> = {
    ContextActivationManager_getAppContextAsync: appContext,
    GetInitialData: args.data,
  };
  window.addEventListener('message', (event) => {
    let m: { _messageType?: number; _actionName: string; _conversationId: string; _correlationId: number };
    try {
      m = JSON.parse(String(event.data));
    } catch {
      return;
    }
    if (m._messageType !== 0 || !event.source) return;
    const response = {
      _messageType: 1,
      _actionName: m._actionName,
      _conversationId: m._conversationId,
      _correlationId: m._correlationId,
      _origin: window.location.origin,
      _data: answers[m._actionName] ?? null,
      _errorCode: 0,
      _responseType: 0,
      _serializerVersion: 1,
    };
    (event.source as Window).postMessage(JSON.stringify(response), event.origin);
  });
}
