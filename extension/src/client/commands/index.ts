import * as vscode from 'vscode';

import { CommandId } from '../constants';
import { convertTraceContextCommand } from './convertTraceContextCommand';
import { copyTraceIdCommand } from './copyTraceIdCommand';
import { decodeTraceContextCommand } from './decodeTraceContextCommand';
import type { CommandDeps } from './deps';
import { generateTraceparentCommand } from './generateTraceparentCommand';
import { openTraceInViewerCommand } from './openTraceInViewerCommand';
import { showOutputCommand } from './showOutputCommand';

export type { CommandDeps } from './deps';

/** Registers every contributed command; the registrations are disposed with the extension. */
export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  // showRuleDocumentation is the server's own command (workspace/executeCommand, so other editors get it
  // too); the language client registers it from the server's executeCommandProvider.
  const handlers: Record<Exclude<CommandId, typeof CommandId.showRuleDocumentation>, (...args: unknown[]) => unknown> = {
    [CommandId.decodeTraceContext]: decodeTraceContextCommand(deps),
    [CommandId.generateTraceparent]: generateTraceparentCommand(deps),
    [CommandId.convertTraceContext]: convertTraceContextCommand(deps),
    [CommandId.openTraceInViewer]: openTraceInViewerCommand(deps),
    [CommandId.copyTraceId]: copyTraceIdCommand(deps),
    [CommandId.showOutput]: showOutputCommand(deps),
  };
  for (const [id, handler] of Object.entries(handlers)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }
}
