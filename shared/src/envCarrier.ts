/**
 * Environment variables as context propagation carriers (OpenTelemetry specification, context/env-carriers):
 * `TRACEPARENT`, `TRACESTATE` and `BAGGAGE` carry the W3C header values to a spawned process.
 * https://opentelemetry.io/docs/specs/otel/context/env-carriers/
 */
import { ENV_CARRIER_KEYS } from './w3cConstants';

/**
 * Turns a header name into its environment-variable name: uppercase, and every character other than `A-Z`, `0-9`
 * and `_` replaced by `_` (`traceparent` → `TRACEPARENT`, `x-b3-traceid` → `X_B3_TRACEID`).
 * https://opentelemetry.io/docs/specs/otel/context/env-carriers/#format-restrictions
 */
export function normalizeEnvKey(key: string): string {
  let out = '';
  // ASCII-only case mapping: String.prototype.toUpperCase would turn "ß" into "SS" and "ı" into "I",
  // changing the length and inventing letters the header name never had.
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) out += String.fromCharCode(c - 0x20);
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f) out += key.charAt(i);
    else out += '_';
  }
  return out;
}

/**
 * Reads the W3C context an environment carries, as lowercase header name → value (`traceparent`, `tracestate`,
 * `baggage`; absent ones are left out). The uppercase variable wins; a differently cased one (`Traceparent`) is
 * accepted only when the uppercase one is unset, as the spec allows for extraction.
 * https://opentelemetry.io/docs/specs/otel/context/env-carriers/
 */
export function readEnvCarrier(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ENV_CARRIER_KEYS) {
    let value = Object.hasOwn(env, name) ? env[name] : undefined;
    if (value === undefined) {
      for (const [key, candidate] of Object.entries(env)) {
        if (candidate !== undefined && key !== name && normalizeEnvKey(key) === name) {
          value = candidate;
          break;
        }
      }
    }
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return headers;
}

/**
 * Writes headers into a copy of `env` (or a new object) under their normalized names, ready to pass to
 * `child_process.spawn`; `env` itself is not modified, so the current process keeps its own context.
 * https://opentelemetry.io/docs/specs/otel/context/env-carriers/
 */
export function writeEnvCarrier(
  headers: Readonly<Record<string, string>>,
  env: Record<string, string> = {},
): Record<string, string> {
  const out: Record<string, string> = { ...env };
  for (const [name, value] of Object.entries(headers)) {
    out[normalizeEnvKey(name)] = value;
  }
  return out;
}
