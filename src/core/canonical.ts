import { sha256Hex as bytesSha256Hex } from '../transport/sha256-hex.js';

/**
 * Canonical JSON (keys sorted, no whitespace) and SHA-256, so that signed records and hash chains
 * are byte-for-byte reproducible by anyone checking them.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('Non-finite numbers have no JSON form');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** Lowercase hex SHA-256 of the text's UTF-8 bytes. */
export function sha256Hex(text: string): Promise<string> {
  return bytesSha256Hex(new TextEncoder().encode(text));
}
