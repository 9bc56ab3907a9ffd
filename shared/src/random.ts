import { randomBytes } from 'node:crypto';

/**
 * Fresh ids from a cryptographic random source, never all zeros
 * (an all-zero trace-id or parent-id is invalid in every format).
 */
export function randomHex(bytes: number): string {
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (!/^0+$/.test(hex)) return hex;
  }
}

/** A fresh 128-bit trace id as 32 lowercase hex digits. */
export function randomTraceId(): string {
  return randomHex(16);
}

/** A fresh 64-bit span id as 16 lowercase hex digits. */
export function randomSpanId(): string {
  return randomHex(8);
}
