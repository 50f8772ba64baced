import { SealError } from './errors.js';

/** Upper-case hex without spaces; accepts the grouped forms `formatFingerprint` produces. */
export function normalizeFingerprint(input: string): string {
  const hex = String(input).replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{40}$/.test(hex)) throw new SealError('INVALID_INPUT', 'A fingerprint has 40 hexadecimal digits');
  return hex;
}

export type FingerprintStyle = 'hex' | 'digits';

/**
 * Formats a fingerprint for reading aloud and comparing side by side.
 * - `hex`: ten groups of four characters, `7A3F 09C2 ...`.
 * - `digits`: the same 160 bits as 49 decimal digits in groups of five, for people more at ease with
 *   numbers (and phone keypads). Nothing is truncated: every bit of the fingerprint is compared.
 */
export function formatFingerprint(fingerprint: string, style: FingerprintStyle = 'hex'): string {
  const hex = normalizeFingerprint(fingerprint);
  if (style === 'hex') return groups(hex, 4).join(' ');
  const digits = BigInt(`0x${hex}`).toString(10).padStart(49, '0');
  return groups(digits, 5).join(' ');
}

/** The formatted fingerprint as separate groups, for layouts that show one group per cell. */
export function fingerprintGroups(fingerprint: string, style: FingerprintStyle = 'hex'): string[] {
  return formatFingerprint(fingerprint, style).split(' ');
}

function groups(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
