import * as path from 'node:path';

import { createRule } from '../util/createRule';
import { getImportTracker } from '../util/imports';
import { exporterKind, instantiatedClass, isSdkTraceClass, mentionsOpenTelemetry, resolveExportedClass, siblingExport, spanProcessorExporter } from '../util/sdk';

export type MessageIds = 'preferBatch';
export type Options = [{ testFilePatterns?: string[] }];

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

// Every file of a run shares the same few patterns, so each is compiled once per process.
const compiledGlobs = new Map<string, RegExp>();

function compiledGlob(glob: string): RegExp {
  let compiled = compiledGlobs.get(glob);
  if (compiled === undefined) {
    compiled = globToRegExp(glob);
    compiledGlobs.set(glob, compiled);
  }
  return compiled;
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
    const relative = path.relative(context.cwd, context.filename).split(path.sep).join('/');
    const filename = relative.startsWith('../') || path.isAbsolute(relative) ? context.filename.split(path.sep).join('/') : relative;
    if (testFilePatterns.some((pattern) => compiledGlob(pattern).test(filename))) return {};

    const { sourceCode } = context;
    if (!mentionsOpenTelemetry(sourceCode)) return {};
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
