/**
 * Small, allocation-light helpers for the lowercase-hex ids every format shares.
 * They are char-code loops rather than regular expressions so hostile input stays linear.
 */

/** True when every character of `text` is `0-9` or `a-f` (lowercase only, as W3C Trace Context requires). */
export function isLowerHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return text.length > 0;
}

/** True when every character is a hex digit in either case. */
export function isHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return text.length > 0;
}

/** True when every character is `0`. */
export function isAllZeros(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 48) return false;
  }
  return true;
}

/** True when every character is an ASCII decimal digit. */
export function isDecimal(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return text.length > 0;
}

/** Left-pads a hex id with zeros to `width` characters (64-bit ids become 128-bit trace ids). */
export function padHex(hex: string, width: number): string {
  return hex.length >= width ? hex : '0'.repeat(width - hex.length) + hex;
}

/** Converts an unsigned decimal string (up to 64 bits) to 16 lowercase hex digits; undefined when out of range. */
export function decimalToHex64(decimal: string): string | undefined {
  if (!isDecimal(decimal)) return undefined;
  const value = BigInt(decimal);
  if (value > 0xffff_ffff_ffff_ffffn) return undefined;
  return value.toString(16).padStart(16, '0');
}

/** Converts up to 16 hex digits to an unsigned decimal string. */
export function hex64ToDecimal(hex: string): string {
  return BigInt(`0x${hex}`).toString(10);
}
