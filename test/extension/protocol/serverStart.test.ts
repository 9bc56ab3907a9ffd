import assert from 'node:assert/strict';

import { LintEngine, Debouncer } from '../../../extension/src/server/linting';
import { runTimeFlags, SERVER_NODE_FLAGS } from '../../../extension/src/server/nodeFlags';
import type { ServerStats } from '../../../extension/src/server/settingsContract';
import { DEFAULT_SERVER_SETTINGS, STATS_REQUEST } from '../../../extension/src/server/settingsContract';
import type { WarmUpHost } from '../../../extension/src/server/warmUp';
import { LintWarmUp, WARM_UP_STEPS, warmUpText } from '../../../extension/src/server/warmUp';
import { fixtureUri, LspSession } from './lspSession';

describe('server start: Node options and warm-up', () => {
  it('sets at run time only the equivalents of the options the process was not started with', () => {
    assert.deepEqual(runTimeFlags([]), ['--semi-space-growth-factor=1', '--heap-growing-percent=30']);
    assert.deepEqual(runTimeFlags(SERVER_NODE_FLAGS), []);
    // The user's own values win, however spelled.
    assert.deepEqual(runTimeFlags(['--max_semi_space_size=8', '--inspect']), ['--heap-growing-percent=30']);
  });

  it('serves diagnostics when started as plain `node server.js --stdio`, without the options', async () => {
    const session = await LspSession.start({ execArgv: [], env: {} });
    try {
      const uri = fixtureUri('start/plain.js');
      await session.open(uri, 'javascript', "const span = tracer.startSpan('x');\n");
      assert.equal((await session.diagnostics(uri)).length, 1);
      const stats = await session.request<ServerStats>(STATS_REQUEST);
      assert.ok(stats.heapTotal > 0 && stats.heapTotal < stats.rss);
    } finally {
      await session.stop();
    }
  });

  it('lints a built-in file that parses in both dialects', () => {
    const engine = new LintEngine();
    for (const kind of ['js', 'ts'] as const) {
      const outcome = engine.lint({ text: warmUpText(kind), filePath: undefined, kind, settings: DEFAULT_SERVER_SETTINGS });
      assert.equal(outcome.kind, 'linted', `${kind}: ${JSON.stringify(outcome)}`);
    }
  });

  it('steps only while the host is idle, the requested parser first, and reports when done', async () => {
    let busy = true;
    let done = 0;
    const kinds: string[] = [];
    const engine = new LintEngine();
    const lint = engine.lint.bind(engine);
    engine.lint = (input) => {
      kinds.push(input.kind);
      return lint(input);
    };
    const host: WarmUpHost = { engine, settings: () => DEFAULT_SERVER_SETTINGS, busyWithin: () => busy, done: () => {
        done++;
      },
    };
    const warmUp = new LintWarmUp(host);
    warmUp.request('js');
    warmUp.request('tsx');
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.deepEqual(kinds, []);
    busy = false;
    for (let waited = 0; done === 0 && waited < 60_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    warmUp.stop();
    assert.equal(done, 1);
    // Full lints only (the others lint edits): TypeScript's first, as its document asked last.
    assert.equal(kinds[0], 'ts');
    assert.equal(kinds.filter((kind) => kind === 'ts').length, kinds.filter((kind) => kind === 'js').length);
    assert.ok(kinds.length >= (2 * WARM_UP_STEPS) / 4);
  });

  it('does not warm up while diagnostics are off', async () => {
    let linted = 0;
    let done = 0;
    const engine = new LintEngine();
    engine.lint = () => {
      linted++;
      return { kind: 'skipped', reason: 'not expected' };
    };
    const settings = { ...DEFAULT_SERVER_SETTINGS, enable: false };
    const warmUp = new LintWarmUp({
      engine,
      settings: () => settings,
      busyWithin: () => false,
      done: () => {
        done++;
      },
    });
    warmUp.request('ts');
    await new Promise((resolve) => setTimeout(resolve, 50));
    warmUp.stop();
    assert.deepEqual({ linted, done }, { linted: 0, done: 1 });
  });
});

describe('Debouncer.dueWithin()', () => {
  it('tells whether work of another key is due soon', () => {
    const debouncer = new Debouncer(150);
    try {
      assert.equal(debouncer.dueWithin(1000), false);
      debouncer.schedule('a', () => undefined, 500);
      assert.equal(debouncer.dueWithin(100), false);
      assert.equal(debouncer.dueWithin(600), true);
      assert.equal(debouncer.dueWithin(600, 'a'), false);
      debouncer.cancel('a');
      assert.equal(debouncer.dueWithin(600), false);
    } finally {
      debouncer.dispose();
    }
  });
});
