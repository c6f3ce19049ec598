import { PublicClientApplication } from '@azure/msal-browser';
import { readConfig } from '../config.js';
import { officeDialog } from '../office/office-host.js';

/**
 * `auth-dialog.html`: the fallback sign-in inside an Office dialog (standard MSAL, redirect flow),
 * passing the token back to the pane with `messageParent`.
 */
async function main(): Promise<void> {
  await officeDialog.ready();
  const config = readConfig(window.location);
  const scopes = (new URLSearchParams(window.location.search).get('scopes') ?? '').split(' ').filter(Boolean);
  const pca = new PublicClientApplication({
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      redirectUri: `${config.origin}/auth-dialog.html`,
    },
    cache: { cacheLocation: 'localStorage' },
  });
  await pca.initialize();
  const back = await pca.handleRedirectPromise();
  if (back) {
    officeDialog.messageParent(JSON.stringify({ token: back.accessToken }));
    return;
  }
  await pca.loginRedirect({ scopes });
}

main().catch((e: unknown) => {
  const error = e instanceof Error ? e.message : String(e);
  officeDialog.messageParent(JSON.stringify({ error }));
});
