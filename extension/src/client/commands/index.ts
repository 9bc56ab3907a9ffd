import * as vscode from 'vscode';

import { CommandId } from '../constants';
import { convertTraceContextCommand } from './convertTraceContextCommand';
import { copyTraceIdCommand } from './copyTraceIdCommand';
import { decodeTraceContextCommand } from './decodeTraceContextCommand';
import type { CommandDeps } from './deps';
import { generateTraceparentCommand } from './generateTraceparentCommand';
import { openTraceInViewerCommand } from './openTraceInViewerCommand';
import { showOutputCommand } from './showOutputCommand';
import { showRuleDocumentationCommand } from './showRuleDocumentationCommand';

export type { CommandDeps } from './deps';

/** Registers every contributed command; the registrations are disposed with the extension. */
export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  const handlers: Record<CommandId, (...args: unknown[]) => unknown> = {
    [CommandId.decodeTraceContext]: decodeTraceContextCommand(deps),
    [CommandId.generateTraceparent]: generateTraceparentCommand(deps),
    [CommandId.convertTraceContext]: convertTraceContextCommand(deps),
    [CommandId.openTraceInViewer]: openTraceInViewerCommand(deps),
    [CommandId.copyTraceId]: copyTraceIdCommand(deps),
    [CommandId.showOutput]: showOutputCommand(deps),
    [CommandId.showRuleDocumentation]: showRuleDocumentationCommand(deps),
  };
  for (const [id, handler] of Object.entries(handlers)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }
}
