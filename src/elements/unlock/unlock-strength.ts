/**
 * A small, local passphrase strength estimate: no dictionaries, nothing leaves the page.
 *
 * Rules (in this order):
 * - `empty`: nothing typed yet.
 * - `too-short`: fewer than {@link MIN_PASSPHRASE_LENGTH} characters. Cannot be used.
 * - `weak`: long enough but predictable: three or fewer distinct characters, mostly one keyboard,
 *   alphabet or number sequence (`1234567890`, `qwertyuiop`), or little more than a common password
 *   (`password`, `letmein`...). Cannot be used.
 * - `strong`: 16 characters or more, or 12 or more mixing at least three kinds of character
 *   (lower case, upper case, digits, spaces and symbols).
 * - `fair`: anything else. Usable; longer is better.
 *
 * Length matters more than symbols: a few unrelated words are both strong and easy to say.
 */
export type StrengthLevel = 'empty' | 'too-short' | 'weak' | 'fair' | 'strong';

export interface Strength {
  readonly level: StrengthLevel;
  /** Characters still missing to reach the minimum length (for `too-short`). */
  readonly missing: number;
}

export const MIN_PASSPHRASE_LENGTH = 10;

const COMMON = ['password', 'passwort', 'contraseña', 'qwerty', 'azerty', 'letmein', 'welcome', 'iloveyou', 'admin', 'sealbox', 'monkey', 'dragon', 'abc123', '123456', '111111', 'changeme'];
const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn'];

/** True when `level` may protect a key. */
export function isUsable(level: StrengthLevel): boolean {
  return level === 'fair' || level === 'strong';
}

export function estimateStrength(passphrase: string): Strength {
  const length = [...passphrase].length;
  if (length === 0) return { level: 'empty', missing: MIN_PASSPHRASE_LENGTH };
  if (length < MIN_PASSPHRASE_LENGTH) return { level: 'too-short', missing: MIN_PASSPHRASE_LENGTH - length };
  if (isPredictable(passphrase)) return { level: 'weak', missing: 0 };
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((kind) => kind.test(passphrase)).length;
  const strong = length >= 16 || (length >= 12 && kinds >= 3);
  return { level: strong ? 'strong' : 'fair', missing: 0 };
}

function isPredictable(passphrase: string): boolean {
  const lower = passphrase.toLowerCase();
  if (new Set(lower).size <= 3) return true;
  // What is left once common passwords and sequences are taken out must still be substantial.
  let rest = lower;
  for (const word of COMMON) rest = rest.split(word).join('');
  rest = withoutSequences(rest);
  return [...rest.replace(/[\s\p{P}\p{S}]+/gu, '')].length < 6;
}

/** Removes runs of four or more characters that follow a sequence, forwards or backwards. */
function withoutSequences(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    let end = i + 1;
    while (end < text.length && follows(text[end - 1]!, text[end]!)) end += 1;
    if (end - i < 4) out += text.slice(i, end);
    i = end;
  }
  return out;
}

function follows(a: string, b: string): boolean {
  return SEQUENCES.some((sequence) => {
    const at = sequence.indexOf(a);
    return at >= 0 && (sequence[at + 1] === b || (at > 0 && sequence[at - 1] === b));
  });
}
