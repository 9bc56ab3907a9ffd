import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';

import type { PluginDocs } from '../util/createRule';

import noDuplicateInstrumentation from './no-duplicate-instrumentation';
import noFloatingContext from './no-floating-context';
import noHandBuiltTraceparent from './no-hand-built-traceparent';
import noInheritedPollingContext from './no-inherited-polling-context';
import noOversizedBaggage from './no-oversized-baggage';
import noSensitiveBaggage from './no-sensitive-baggage';
import noUnboundCallback from './no-unbound-callback';
import preferBatchSpanProcessor from './prefer-batch-span-processor';
import requireActiveSpan from './require-active-span';
import requireCompletePropagator from './require-complete-propagator';
import requireExtractOnReceive from './require-extract-on-receive';
import requireInjectOnSend from './require-inject-on-send';
import requireMessagingSpanKind from './require-messaging-span-kind';
import requireParentBasedSampler from './require-parent-based-sampler';
import requireSpanEnd from './require-span-end';
import requireSpanErrorStatus from './require-span-error-status';
import requireWorkerContext from './require-worker-context';
import validTraceContext from './valid-trace-context';

/** Every rule of the plugin, by id, in alphabetical order. */
export const rules: Record<string, RuleModule<string, readonly unknown[], PluginDocs>> = {
  'no-duplicate-instrumentation': noDuplicateInstrumentation,
  'no-floating-context': noFloatingContext,
  'no-hand-built-traceparent': noHandBuiltTraceparent,
  'no-inherited-polling-context': noInheritedPollingContext,
  'no-oversized-baggage': noOversizedBaggage,
  'no-sensitive-baggage': noSensitiveBaggage,
  'no-unbound-callback': noUnboundCallback,
  'prefer-batch-span-processor': preferBatchSpanProcessor,
  'require-active-span': requireActiveSpan,
  'require-complete-propagator': requireCompletePropagator,
  'require-extract-on-receive': requireExtractOnReceive,
  'require-inject-on-send': requireInjectOnSend,
  'require-messaging-span-kind': requireMessagingSpanKind,
  'require-parent-based-sampler': requireParentBasedSampler,
  'require-span-end': requireSpanEnd,
  'require-span-error-status': requireSpanErrorStatus,
  'require-worker-context': requireWorkerContext,
  'valid-trace-context': validTraceContext,
};
