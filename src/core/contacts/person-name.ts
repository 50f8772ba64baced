import { HIDDEN_CHARACTERS } from '../hidden-characters.js';

/** The longest name or role shown, in characters; longer ones are cut. */
export const MAX_NAME_LENGTH = 100;

/**
 * A person's name or role as a directory gave it, fit to show: hidden characters (controls, bidi
 * overrides, zero-width and unusual spaces) removed, runs of spaces made one, trimmed and cut to
 * {@link MAX_NAME_LENGTH}. Null when nothing is left, or when it is not text. Directory names are not
 * tied to keys: they are shown next to the user id wherever someone is chosen or confirmed.
 */
export function cleanName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(HIDDEN_CHARACTERS, (char) => (/\s/u.test(char) ? ' ' : '')).replace(/ {2,}/g, ' ').trim();
  if (!text) return null;
  const chars = Array.from(text);
  return chars.length > MAX_NAME_LENGTH ? `${chars.slice(0, MAX_NAME_LENGTH - 1).join('').trimEnd()}…` : text;
}
