import * as path from 'node:path';

import { createRule } from '../util/createRule';
import { getImportTracker } from '../util/imports';
import { exporterKind, instantiatedClass, isSdkTraceClass, mentionsOpenTelemetry, resolveExportedClass, siblingExport, spanProcessorExporter } from '../util/sdk';
import { mayMention } from '../util/sourceText';

export type MessageIds = 'preferBatch';
export type Options = [{ testFilePatterns?: string[] }];

const SIMPLE_PROCESSOR_NAME: readonly string[] = ['simplespanprocessor'];

/** Where tests usually live; a simple processor there makes spans visible to assertions at once. */
const DEFAULT_TEST_FILE_PATTERNS: readonly string[] = ['**/*.{test,spec}.*', '**/test/**', '**/tests/**', '**/__tests__/**'];

/**
 * Translates a glob into an anchored regular expression: `**` spans directories, `*` and `?` stay
 * inside one path segment, `{a,b}` is an alternation, and everything else is literal.
 */
function globToRegExp(glob: string): RegExp {
  let source = '';
  let braces = 0;
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob.charAt(index);
    if (char === '*' && glob.charAt(index + 1) === '*') {
      const atSegmentStart = index === 0 || glob.charAt(index - 1) === '/';
      const slashAfter = glob.charAt(index + 2) === '/';
      if (atSegmentStart && slashAfter) {
        // `**/` also matches no directory at all.
        source += '(?:.*/)?';
        index += 2;
      } else if (atSegmentStart && index + 2 === glob.length && source.endsWith('/')) {
        // `dir/**` also matches `dir` itself.
        source = `${source.slice(0, -1)}(?:/.*)?`;
        index += 1;
      } else {
        source += '.*';
        index += 1;
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '{') {
      braces += 1;
      source += '(?:';
    } else if (char === '}' && braces > 0) {
      braces -= 1;
      source += ')';
    } else if (char === ',' && braces > 0) {
      source += '|';
    } else {
      source += char.replace(/[.+^$|()[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

// Every file of a run shares the same patterns array (the merged options are cached), so its globs are
// joined into one expression once per process and each file costs a single test.
const compiledPatterns = new WeakMap<readonly string[], RegExp>();

function compiledPatternsOf(globs: readonly string[]): RegExp {
  let compiled = compiledPatterns.get(globs);
  if (compiled === undefined) {
    compiled = globs.length === 0 ? /(?!)/ : new RegExp(globs.map((glob) => `(?:${globToRegExp(glob).source})`).join('|'));
    compiledPatterns.set(globs, compiled);
  }
  return compiled;
}

/** `filename` relative to `cwd` with `/` separators, or the whole path when it lies outside `cwd`. */
function relativeFilename(cwd: string, filename: string): string {
  // Most files lie under the working directory; `path.relative` only matters for dot segments and other roots.
  if (path.sep === '/' && filename.startsWith(`${cwd}/`) && !filename.includes('/.') && !filename.includes('//')) return filename.slice(cwd.length + 1);
  const relative = path.relative(cwd, filename).split(path.sep).join('/');
  return relative.startsWith('../') || path.isAbsolute(relative) ? filename.split(path.sep).join('/') : relative;
}

export default createRule<Options, MessageIds>({
  name: 'prefer-batch-span-processor',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require BatchSpanProcessor instead of SimpleSpanProcessor for network span exporters',
      recommended: 'recommended',
      severity: 'warn',
    },
    fixable: 'code',
    messages: {
      preferBatch:
        '`SimpleSpanProcessor` sends one export request to `{{exporter}}` for every ended span: under load the collector is flooded, exports queue up in the process and spans are dropped or arrive late, leaving gaps in traces. Use `BatchSpanProcessor`, which sends spans in batches.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          testFilePatterns: {
            type: 'array',
            items: { type: 'string' },
            description: 'Globs (relative to the working directory) of test files, where a simple processor is allowed so that spans are exported at once.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ testFilePatterns: [...DEFAULT_TEST_FILE_PATTERNS] }],
  },
  create(context, [{ testFilePatterns = [] }]) {
    if (compiledPatternsOf(testFilePatterns).test(relativeFilename(context.cwd, context.filename))) return {};

    const { sourceCode } = context;
    // The processor is always reached by its export name.
    if (!mentionsOpenTelemetry(sourceCode) || !mayMention(sourceCode, SIMPLE_PROCESSOR_NAME)) return {};
    const tracker = getImportTracker(context);
    return {
      NewExpression(node): void {
        const processor = resolveExportedClass(tracker, node.callee);
        if (processor === undefined || !isSdkTraceClass(processor, 'SimpleSpanProcessor')) return;
        const exporterNode = spanProcessorExporter(node);
        const exporter = exporterNode === undefined ? undefined : instantiatedClass(tracker, exporterNode);
        if (exporter === undefined || exporterKind(exporter.exported) !== 'network') return;
        context.report({
          node,
          messageId: 'preferBatch',
          data: { exporter: exporter.exported.name },
          fix(fixer) {
            const batch = siblingExport(fixer, sourceCode, node.callee, processor, 'BatchSpanProcessor');
            const rename = fixer.replaceText(node.callee, batch.text);
            return batch.fix === undefined ? rename : [batch.fix, rename];
          },
        });
      },
    };
  },
});
