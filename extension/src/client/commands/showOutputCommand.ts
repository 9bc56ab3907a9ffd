import type { CommandDeps } from './deps';

/** Show Output: reveals the channel with the client's and the server's log, keeping focus in the editor. */
export function showOutputCommand(deps: CommandDeps): () => void {
  return () => {
    deps.output.show(true);
  };
}
