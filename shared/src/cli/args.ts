/** A parsed command line: flags with their values, and positional arguments in order. */
export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
}

/** A usage mistake: the CLI prints it with the command's usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Parses `--flag`, `--flag value`, `--flag=value` and positionals. `--` ends the options, so values
 * that start with `-` can be given; a lone `-` is a positional (stdin).
 * @throws {UsageError} for an unknown flag or a value-taking flag without its value.
 */
export function parseArgs(
  argv: readonly string[],
  spec: { readonly valueFlags: readonly string[]; readonly booleanFlags: readonly string[] },
): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (spec.booleanFlags.includes(name)) {
      if (eq !== -1) throw new UsageError(`${name} takes no value`);
      flags.set(name, true);
    } else if (spec.valueFlags.includes(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
      flags.set(name, value);
    } else {
      throw new UsageError(`unknown option ${name}`);
    }
  }
  return { flags, positionals };
}

/** Reads a flag that takes a value. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}
