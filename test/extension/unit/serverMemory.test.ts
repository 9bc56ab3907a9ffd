import assert from 'node:assert/strict';

import { compactHeap } from '../../../extension/src/server/memory';

describe('compactHeap()', () => {
  it('collects the garbage of a burst of allocations, and skips when the heap has not grown since', () => {
    const burst = (): number => Array.from({ length: 400_000 }, (_, index) => ({ index, text: `line ${String(index)}` })).length;
    assert.equal(burst(), 400_000);
    const before = process.memoryUsage().heapUsed;
    compactHeap();
    const after = process.memoryUsage().heapUsed;
    assert.ok(after < before, `heap used ${String(before)} -> ${String(after)}`);
    compactHeap();
  });
});
