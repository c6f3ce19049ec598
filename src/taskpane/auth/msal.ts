import { InteractionRequiredAuthError, createNestablePublicClientApplication } from '@azure/msal-browser';
import type { IPublicClientApplication } from '@azure/msal-browser';
import type { PaneConfig } from '../config.js';
import type { OfficeHost } from '../office/office-host.js';

function isPopupBlocked(e: unknown): boolean {
  return (
    typeof e === 'object' && e !== null && (e as { errorCode?: string }).errorCode === 'popup_window_error'
  );
}

/**
 * Silent first, then a popup; when the popup cannot open (no NAA bridge and popups blocked), an
 * Office dialog runs `auth-dialog.html`, which signs in with standard MSAL and sends the token back.
 */
export async function createNaaAcquirer(
  config: PaneConfig,
  office: OfficeHost,
): Promise<(scopes: string[]) => Promise<string>> {
  const pca: IPublicClientApplication = await createNestablePublicClientApplication({
    auth: { clientId: config.clientId, authority: config.authority },
    cache: { cacheLocation: 'localStorage' },
  });
  return async (scopes) => {
    const request = { scopes, account: pca.getActiveAccount() ?? pca.getAllAccounts()[0] };
    try {
      return (await pca.acquireTokenSilent(request)).accessToken;
    } catch (silentError) {
      // Outside NAA a silent call fails without a cached account: any error goes to the popup.
      void (silentError instanceof InteractionRequiredAuthError);
      try {
        return (await pca.acquireTokenPopup({ scopes })).accessToken;
      } catch (e) {
        if (!isPopupBlocked(e)) throw e;
        const url = `${config.origin}/auth-dialog.html?scopes=${encodeURIComponent(scopes.join(' '))}`;
        const message = await office.openDialog(url);
        const parsed = JSON.parse(message) as { token?: string; error?: string };
        if (!parsed.token) throw new Error(parsed.error ?? 'The sign-in dialog returned no token.');
        return parsed.token;
      }
    }
  };
}
