/**
 * Libraries instrumented by `@opentelemetry/auto-instrumentations-node` 0.82.x, named by the suffix
 * of each `@opentelemetry/instrumentation-*` dependency (from `npm view
 * @opentelemetry/auto-instrumentations-node@0.82.0 dependencies`). Some, such as `fs`, `dns` or
 * `host-metrics`, are disabled by default in the meta-package; they are still listed because a
 * project can enable them through configuration this plugin cannot see, and precision comes first.
 */
export const AUTO_INSTRUMENTATIONS_NODE: readonly string[] = [
  'amqplib',
  'aws-lambda',
  'aws-sdk',
  'bunyan',
  'cassandra-driver',
  'connect',
  'cucumber',
  'dataloader',
  'dns',
  'express',
  'fs',
  'generic-pool',
  'graphql',
  'grpc',
  'hapi',
  'host-metrics',
  'http',
  'ioredis',
  'kafkajs',
  'knex',
  'koa',
  'lru-memoizer',
  'memcached',
  'mongodb',
  'mongoose',
  'mysql',
  'mysql2',
  'nestjs-core',
  'net',
  'openai',
  'oracledb',
  'pg',
  'pino',
  'redis',
  'restify',
  'router',
  'runtime-node',
  'socket.io',
  'tedious',
  'undici',
  'winston',
];

/**
 * Libraries instrumented by `@opentelemetry/auto-instrumentations-web` 0.68.x (from `npm view
 * @opentelemetry/auto-instrumentations-web@0.68.0 dependencies`).
 */
export const AUTO_INSTRUMENTATIONS_WEB: readonly string[] = ['document-load', 'fetch', 'user-interaction', 'xml-http-request'];

/** Meta-packages and the library names each one instruments. */
export const AUTO_INSTRUMENTATION_PACKAGES: ReadonlyMap<string, readonly string[]> = new Map([
  ['@opentelemetry/auto-instrumentations-node', AUTO_INSTRUMENTATIONS_NODE],
  ['@opentelemetry/auto-instrumentations-web', AUTO_INSTRUMENTATIONS_WEB],
]);

/**
 * Libraries whose Node instrumentation subscribes to diagnostics channels instead of patching exports:
 * `@opentelemetry/instrumentation-undici` (and the community `opentelemetry-instrumentation-undici` it
 * came from) listens to `undici:request:create` and friends, which `undici` and Node's global `fetch`
 * publish; the community `opentelemetry-instrumentation-fetch-node` does the same. Every subscriber is
 * called, so two copies each record a span and each inject their own headers, where two patching
 * instrumentations built on `@opentelemetry/instrumentation` replace each other instead.
 */
export const CHANNEL_BASED_LIBRARIES: ReadonlySet<string> = new Set(['undici', 'fetch-node']);
