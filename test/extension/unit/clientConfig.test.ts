import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  normalizeAutoOrList,
  normalizeConfig,
  normalizeInteger,
  normalizeRuleSeverities,
  normalizeSeverity,
  SETTING_KEYS,
} from '../../../extension/src/client/configNormalize';
import { DEFAULT_SERVER_SETTINGS } from '../../../extension/src/server/settingsContract';

interface ManifestProperty {
  readonly type: string | string[];
  readonly default: unknown;
  readonly scope: string;
  readonly markdownDescription: string;
}

interface Manifest {
  readonly contributes: {
    readonly configuration: { readonly properties: Record<string, ManifestProperty> };
    readonly commands: { readonly command: string; readonly title: string; readonly category: string }[];
  };
  readonly activationEvents: string[];
  readonly engines: { readonly vscode: string };
  readonly capabilities: { readonly untrustedWorkspaces: { readonly supported: boolean } };
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'extension', 'package.json'), 'utf8')) as Manifest;

describe('normalizeConfig()', () => {
  it('returns the contract defaults when nothing is set', () => {
    assert.deepEqual(normalizeConfig(() => undefined), DEFAULT_SERVER_SETTINGS);
  });

  it('reads every setting by its settings.json key', () => {
    const values: Record<string, unknown> = {
      enable: false,
      preset: 'browser',
      rules: { 'otel-propagation/require-span-end': 'off', 'no-floating-context': 1 },
      contextManager: 'zone',
      instrumented: ['kafkajs', ' http ', 'kafkajs', ''],
      'baggage.maxMembers': 64,
      'baggage.maxBytes': 4096,
      traceViewerUrl: ' https://ui.honeycomb.io/trace?trace_id={traceId} ',
    };
    assert.deepEqual(
      normalizeConfig((key) => values[key]),
      {
        enable: false,
        preset: 'browser',
        rules: { 'require-span-end': 'off', 'no-floating-context': 'warn' },
        contextManager: 'zone',
        instrumented: ['kafkajs', 'http'],
        baggageMaxMembers: 64,
        baggageMaxBytes: 4096,
        traceViewerUrl: 'https://ui.honeycomb.io/trace?trace_id={traceId}',
      },
    );
  });

  it('replaces mistyped values with the defaults', () => {
    const values: Record<string, unknown> = {
      enable: 'yes',
      preset: 'all',
      rules: ['require-span-end'],
      contextManager: 'cls-hooked',
      instrumented: 'kafkajs',
      'baggage.maxMembers': 0,
      'baggage.maxBytes': 12.5,
      traceViewerUrl: '   ',
    };
    assert.deepEqual(normalizeConfig((key) => values[key]), DEFAULT_SERVER_SETTINGS);
  });
});

describe('setting normalizers', () => {
  it('normalizeSeverity() reads words, numbers and the [severity, options] form', () => {
    assert.deepEqual(['off', 'warn', 'error', 0, 1, 2, ['error', { max: 1 }], 3, 'fatal', undefined].map(normalizeSeverity), [
      'off',
      'warn',
      'error',
      'off',
      'warn',
      'error',
      'error',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('normalizeRuleSeverities() drops entries with an unknown severity or an empty id', () => {
    assert.deepEqual(normalizeRuleSeverities({ 'otel-propagation/': 'off', 'require-span-end': 'loud', 'valid-trace-context': 'warn' }), {
      'valid-trace-context': 'warn',
    });
  });

  it('normalizeAutoOrList() keeps an empty list, which means no library is instrumented', () => {
    assert.deepEqual(normalizeAutoOrList([]), []);
    assert.equal(normalizeAutoOrList('auto'), 'auto');
  });

  it('normalizeInteger() accepts the bounds and rejects values outside them', () => {
    assert.deepEqual([1, 10, 0, 11, 2.5, '5'].map((value) => normalizeInteger(value, 7, 1, 10)), [1, 10, 7, 7, 7, 7]);
  });
});

describe('package.json contributes.configuration', () => {
  const properties = manifest.contributes.configuration.properties;

  it('contributes exactly the contract settings plus the language client trace switch', () => {
    const expected = Object.values(SETTING_KEYS).map((key) => `otelPropagation.${key}`);
    assert.deepEqual(Object.keys(properties).sort(), [...expected, 'otelPropagation.trace.server'].sort());
  });

  it('uses the contract defaults as manifest defaults', () => {
    for (const [field, key] of Object.entries(SETTING_KEYS)) {
      assert.deepEqual(properties[`otelPropagation.${key}`]?.default, DEFAULT_SERVER_SETTINGS[field as keyof typeof SETTING_KEYS], key);
    }
  });

  it('gives every setting a type, a scope and a full-sentence markdownDescription', () => {
    for (const [key, property] of Object.entries(properties)) {
      assert.ok(property.type.length > 0, `${key} has a type`);
      assert.ok(['application', 'machine', 'window', 'resource', 'language-overridable', 'machine-overridable'].includes(property.scope), `${key} scope`);
      assert.match(property.markdownDescription, /^[A-Z`*].{20,}\.$/, `${key} description is a sentence`);
    }
  });
});

describe('package.json manifest', () => {
  it('gives every command the OTel Propagation category and an otelPropagation.<verb><Noun> id', () => {
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, 'OTel Propagation');
      assert.match(command.command, /^otelPropagation\.[a-z]+[A-Z][A-Za-z]*$/);
    }
  });

  it('activates on the linted languages and declares untrusted-workspace support', () => {
    assert.deepEqual(
      manifest.activationEvents.filter((event) => event.startsWith('onLanguage:')),
      ['onLanguage:javascript', 'onLanguage:javascriptreact', 'onLanguage:typescript', 'onLanguage:typescriptreact'],
    );
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
  });

  it('targets an engine code-server 4.139 (VS Code 1.139) can load', () => {
    const match = /^\^1\.(\d+)\.0$/.exec(manifest.engines.vscode);
    assert.ok(match);
    assert.ok(Number(match[1]) <= 139);
  });
});
