import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '../util/ast';

import { createRule } from '../util/createRule';
import { getImportTracker, getStaticMemberName, getStaticString, GLOBAL_MODULE, skipWrappers } from '../util/imports';
import { constructorOption, instantiatedClass, isNodeSdkClass, isSdkTraceClass, isTracerProviderClass, mentionsOpenTelemetry, propertyName, resolveExportedClass, siblingExport } from '../util/sdk';
import { mayMention } from '../util/sourceText';

export type MessageIds = 'probabilitySampler' | 'ratioEnvSampler' | 'ratioSampler';
export type Options = [];

// Ratio samplers decide from the trace id alone and ignore the parent's sampled flag.
const RATIO_SAMPLERS: readonly string[] = ['TraceIdRatioBasedSampler'];

// The composable samplers of the consistent-probability line, which replace the ratio sampler.
const SAMPLER_COMPOSITE = '@opentelemetry/sampler-composite';
const COMPOSITE_FACTORY = 'createCompositeSampler';
const PROBABILITY_FACTORY = 'createComposableProbabilitySampler';
const PARENT_THRESHOLD_FACTORY = 'createComposableParentThresholdSampler';

// Constants are followed through at most this many `const` aliases.
const MAX_ALIAS_DEPTH = 8;

const SAMPLER_ENV = 'OTEL_TRACES_SAMPLER';
const SAMPLER_OPTION: readonly string[] = ['sampler'];
// The `OTEL_TRACES_SAMPLER` value that selects a bare ratio sampler, and its parent-based twin.
const RATIO_ENV_VALUE = 'traceidratio';
const PARENT_BASED_ENV_VALUE = 'parentbased_traceidratio';

export default createRule<Options, MessageIds>({
  name: 'require-parent-based-sampler',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require ratio samplers to be wrapped in a ParentBasedSampler',
      recommended: 'recommended',
      severity: 'error',
    },
    fixable: 'code',
    messages: {
      probabilitySampler:
        "`createCompositeSampler(createComposableProbabilitySampler(…))` is used as the tracer's sampler without a parent-threshold sampler: it ignores the parent's sampling decision, so this service drops spans of traces the caller sampled (and records spans of traces it dropped), and traces break into orphans. Wrap the probability sampler in `createComposableParentThresholdSampler(…)`, which keeps the probability for root spans.",
      ratioEnvSampler:
        "`OTEL_TRACES_SAMPLER` is set to 'traceidratio', which samples every span by its own trace id and ignores the caller's decision: a span the caller sampled may be dropped here (and the other way round), so traces arrive with holes and orphaned children. Use 'parentbased_traceidratio', which keeps the ratio for root spans and follows the parent otherwise.",
      ratioSampler:
        "`{{sampler}}` is used as the tracer's sampler without a `ParentBasedSampler`: it ignores the parent's sampled flag, so this service drops spans of traces the caller sampled (and records spans of traces it dropped), and traces break into orphans. Wrap it: `new ParentBasedSampler({ root: … })` keeps the same ratio for root spans.",
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const tracker = getImportTracker(context);
    const { sourceCode } = context;

    /** Follows `const` aliases to a call expression. */
    function constantCall(node: TSESTree.Node): TSESTree.CallExpression | undefined {
      let current = skipWrappers(node);
      for (let depth = 0; depth <= MAX_ALIAS_DEPTH && current.type === AST_NODE_TYPES.Identifier; depth += 1) {
        const initializer = tracker.constantInitializer(current);
        if (initializer === undefined) return undefined;
        current = skipWrappers(initializer);
      }
      return current.type === AST_NODE_TYPES.CallExpression ? current : undefined;
    }

    /** Reports `createCompositeSampler(createComposableProbabilitySampler(p))`, the composable form of a bare ratio. */
    function reportComposite(value: TSESTree.Node): void {
      const composite = constantCall(value);
      if (composite === undefined || !tracker.isCallTo(composite, SAMPLER_COMPOSITE, COMPOSITE_FACTORY)) return;
      const [root] = composite.arguments;
      const probability = root === undefined || root.type === AST_NODE_TYPES.SpreadElement ? undefined : constantCall(root);
      if (root === undefined || probability === undefined || !tracker.isCallTo(probability, SAMPLER_COMPOSITE, PROBABILITY_FACTORY)) return;
      const exported = resolveExportedClass(tracker, probability.callee);
      if (exported === undefined) return;
      context.report({
        node: value,
        messageId: 'probabilitySampler',
        fix(fixer) {
          const threshold = siblingExport(fixer, sourceCode, probability.callee, exported, PARENT_THRESHOLD_FACTORY);
          const wrap = fixer.replaceText(root, `${threshold.text}(${sourceCode.getText(root)})`);
          return threshold.fix === undefined ? wrap : [threshold.fix, wrap];
        },
      });
    }

    function reportSampler(property: TSESTree.Property, value: TSESTree.Node): void {
      const sampler = instantiatedClass(tracker, value);
      if (sampler === undefined) {
        reportComposite(value);
        return;
      }
      if (!isSdkTraceClass(sampler.exported, ...RATIO_SAMPLERS)) return;
      const { exported, expression } = sampler;
      context.report({
        node: value,
        messageId: 'ratioSampler',
        data: { sampler: exported.name },
        fix(fixer) {
          const parentBased = siblingExport(fixer, sourceCode, expression.callee, exported, 'ParentBasedSampler');
          const wrapped = `new ${parentBased.text}({ root: ${sourceCode.getText(value)} })`;
          // A shorthand `{ sampler }` has to grow its key back.
          const wrap = property.shorthand ? fixer.replaceText(property, `${sourceCode.getText(property.key)}: ${wrapped}`) : fixer.replaceText(value, wrapped);
          return parentBased.fix === undefined ? wrap : [parentBased.fix, wrap];
        },
      });
    }

    function reportEnvValue(value: TSESTree.Node): void {
      const text = getStaticString(value);
      if (text?.trim().toLowerCase() !== RATIO_ENV_VALUE) return;
      const fixable = value.type === AST_NODE_TYPES.Literal && text === RATIO_ENV_VALUE;
      context.report({
        node: value,
        messageId: 'ratioEnvSampler',
        fix: fixable ? (fixer): TSESLint.RuleFix => fixer.replaceText(value, requote(sourceCode.getText(value), PARENT_BASED_ENV_VALUE)) : null,
      });
    }

    const sdkListeners: TSESLint.RuleListener = {
      NewExpression(node): void {
        const exported = resolveExportedClass(tracker, node.callee);
        if (!isTracerProviderClass(exported) && !isNodeSdkClass(exported)) return;
        const option = constructorOption(node, 'sampler');
        if (option.kind === 'found') reportSampler(option.property, option.value);
      },
    };
    const envListeners: TSESLint.RuleListener = {
      Property(node): void {
        if (node.parent.type !== AST_NODE_TYPES.ObjectExpression || propertyName(node) !== SAMPLER_ENV) return;
        reportEnvValue(node.value);
      },
      AssignmentExpression(node): void {
        const target = skipWrappers(node.left);
        if (node.operator !== '=' || target.type !== AST_NODE_TYPES.MemberExpression || getStaticMemberName(target) !== SAMPLER_ENV) return;
        if (!tracker.isReferenceTo(target.object, 'process', 'env') && !tracker.isReferenceTo(target.object, GLOBAL_MODULE, 'process', 'env')) return;
        reportEnvValue(node.right);
      },
    };
    // Each half only runs in files that mention what it looks for (one substring search each).
    return {
      // A report needs a `sampler` option written in the file.
      ...(mentionsOpenTelemetry(sourceCode) && mayMention(sourceCode, SAMPLER_OPTION) ? sdkListeners : {}),
      ...(sourceCode.text.includes(SAMPLER_ENV) ? envListeners : {}),
    };
  },
});

/** Rewrites a string literal's text with a new value, keeping its quote character. */
function requote(literalText: string, value: string): string {
  const quote = literalText.charAt(0);
  return `${quote}${value}${quote}`;
}
