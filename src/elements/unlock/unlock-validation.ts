import { isSealError } from '../../core/errors.js';
import { estimateStrength, isUsable } from './unlock-strength.js';
import type { PassphraseInput } from './unlock-views.js';
import { unlockStrings as t } from './unlock.strings.js';

/** Texts are kept as functions so they follow a locale change. */
export type Text = () => string;
export type FieldErrors = Partial<Record<PassphraseInput | 'backup', Text>>;

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some(Boolean);
}

/** The current texts of the errors that are set. */
export function errorTexts(errors: FieldErrors): Partial<Record<PassphraseInput | 'backup', string>> {
  return Object.fromEntries(Object.entries(errors).flatMap(([key, text]) => (text ? [[key, text()]] : [])));
}

/** A new passphrase must be usable (see `estimateStrength`) and confirmed exactly. */
export function createErrors(passphrase: string, confirmation: string): FieldErrors {
  const errors: FieldErrors = {};
  const { level } = estimateStrength(passphrase);
  if (!isUsable(level)) errors.passphrase = level === 'weak' ? () => t().errorWeak : () => t().errorTooShort;
  if (!confirmation) errors.confirm = () => t().errorConfirmEmpty;
  else if (confirmation !== passphrase) errors.confirm = () => t().errorMismatch;
  return errors;
}

export function importErrors(backup: string, passphrase: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!backup.trim()) errors.backup = () => t().errorNoBackup;
  if (!passphrase) errors['backup-passphrase'] = () => t().errorNoPassphrase;
  return errors;
}

/** Field errors for a failed import that the user can fix; null for other failures. */
export function importFailure(error: unknown): FieldErrors | null {
  if (isSealError(error, 'WRONG_PASSPHRASE')) return { 'backup-passphrase': () => t().errorImportPassphrase };
  if (isSealError(error, 'INVALID_INPUT')) return { backup: () => t().errorImportInvalid };
  return null;
}

/**
 * What to say after a failed unlock: a wrong passphrase with the tries left before delays start, or
 * the start of a lockout (`retryAt`). Null for other failures.
 */
export function unlockFailure(error: unknown, freeAttempts: number): { text: Text | null; retryAt: number | undefined } | null {
  if (isSealError(error, 'LOCKED_OUT')) return { text: null, retryAt: error.retryAt };
  if (!isSealError(error, 'WRONG_PASSPHRASE')) return null;
  const left = freeAttempts - Number(error.details.failures ?? 0);
  const text: Text = error.retryAt || left <= 0 ? () => t().wrong : () => `${t().wrong} ${t().triesLeft(left)}`;
  return { text, retryAt: error.retryAt };
}
