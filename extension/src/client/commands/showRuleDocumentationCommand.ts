import * as vscode from 'vscode';

import type { CommandDeps } from './deps';
import { runSafely } from './deps';

/**
 * Show Rule Documentation (invoked by the server's "show documentation" code action with the rule's doc URL):
 * opens the page in the browser. Only http(s) URLs are opened, since the argument comes from a code action.
 * Resolves to the URL opened.
 */
export function showRuleDocumentationCommand(deps: CommandDeps): (url?: unknown) => Promise<string | undefined> {
  return (url) =>
    runSafely('Show Rule Documentation', deps, async () => {
      if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) throw new Error('the rule documentation link is not an http(s) URL');
      await vscode.env.openExternal(vscode.Uri.parse(url, true));
      return url;
    });
}
