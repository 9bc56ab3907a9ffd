import assert from 'node:assert/strict';

import { normalizeServerSettings } from '../../../extension/src/server/settings';
import { DEFAULT_SERVER_SETTINGS } from '../../../extension/src/server/settingsContract';

describe('normalizeServerSettings()', () => {
  it('returns the defaults for anything that is not an object', () => {
    assert.equal(normalizeServerSettings(undefined), DEFAULT_SERVER_SETTINGS);
    assert.equal(normalizeServerSettings(null), DEFAULT_SERVER_SETTINGS);
    assert.equal(normalizeServerSettings([1, 2]), DEFAULT_SERVER_SETTINGS);
    assert.equal(normalizeServerSettings('strict'), DEFAULT_SERVER_SETTINGS);
  });

  it('keeps every field of the flat shape the VS Code client sends', () => {
    assert.deepEqual(
      normalizeServerSettings({
        enable: false,
        preset: 'browser',
        rules: { 'require-span-end': 'off' },
        contextManager: 'zone',
        instrumented: ['kafkajs', 'http'],
        baggageMaxMembers: 64,
        baggageMaxBytes: 4096,
        traceViewerUrl: 'https://ui.example/trace/{traceId}',
      }),
      {
        enable: false,
        preset: 'browser',
        rules: { 'require-span-end': 'off' },
        contextManager: 'zone',
        instrumented: ['kafkajs', 'http'],
        baggageMaxMembers: 64,
        baggageMaxBytes: 4096,
        traceViewerUrl: 'https://ui.example/trace/{traceId}',
      },
    );
  });

  it('reads the nested baggage object of a raw settings.json section', () => {
    const settings = normalizeServerSettings({ baggage: { maxMembers: 10, maxBytes: 100 } });
    assert.equal(settings.baggageMaxMembers, 10);
    assert.equal(settings.baggageMaxBytes, 100);
  });

  it('reads dotted baggage keys as some editors send them', () => {
    const settings = normalizeServerSettings({ 'baggage.maxMembers': 12, 'baggage.maxBytes': 120 });
    assert.equal(settings.baggageMaxMembers, 12);
    assert.equal(settings.baggageMaxBytes, 120);
  });

  it('maps numeric severities, strips the namespace from rule keys and drops unknown severities', () => {
    assert.deepEqual(normalizeServerSettings({ rules: { 'otel-propagation/require-span-end': 0, 'valid-trace-context': 1, 'no-floating-context': 2, 'require-active-span': 'loud' } }).rules, {
      'require-span-end': 'off',
      'valid-trace-context': 'warn',
      'no-floating-context': 'error',
    });
  });

  it('falls back field by field on mistyped values', () => {
    assert.deepEqual(
      normalizeServerSettings({ enable: 'yes', preset: 'everything', contextManager: 'threads', instrumented: 'kafkajs', baggageMaxMembers: 0, baggageMaxBytes: 1.5, traceViewerUrl: '  ' }),
      DEFAULT_SERVER_SETTINGS,
    );
  });

  it('de-duplicates and trims instrumented names and drops empty ones', () => {
    assert.deepEqual(normalizeServerSettings({ instrumented: [' kafkajs', 'kafkajs', '', 3, 'http'] }).instrumented, ['kafkajs', 'http']);
  });
});
