import { isSealError } from '../../core/errors.js';
import { sendFailureText } from '../shared/attachments/attachments.strings.js';
import { composerStrings } from './composer.strings.js';

/**
 * What is wrong with each field: `none` (no recipient), `unpicked` (text typed in "To" but no person
 * chosen for it, which could send the message to fewer people than the user thinks), `self` (the user
 * among the recipients, which the engine refuses), `empty` (no message). The subject is optional, as
 * in the engine.
 */
export interface FieldErrors {
  readonly to?: 'none' | 'unpicked' | 'self';
  readonly body?: 'empty';
}

export interface ValidationInput {
  /** Text typed in "To" and not picked. */
  readonly pending: string;
  readonly recipients: number;
  /** Whether the signed-in user is among the recipients. */
  readonly self: boolean;
  readonly body: string;
}

export function validate(input: ValidationInput): FieldErrors {
  const to = input.pending.trim() ? 'unpicked' : input.recipients === 0 ? 'none' : input.self ? 'self' : undefined;
  const body = input.body.trim() ? undefined : 'empty';
  return { ...(to ? { to } : {}), ...(body ? { body } : {}) };
}

/** After a failed submit: errors disappear as they are fixed, and no new ones appear while typing. */
export function recheck(errors: FieldErrors, input: ValidationInput): FieldErrors {
  if (!errors.to && !errors.body) return errors;
  const fresh = validate(input);
  return { ...(errors.to && fresh.to ? { to: fresh.to } : {}), ...(errors.body && fresh.body ? { body: fresh.body } : {}) };
}

export function firstInvalid(errors: FieldErrors): 'to' | 'body' | null {
  return errors.to ? 'to' : errors.body ? 'body' : null;
}

export function fieldErrorTexts(errors: FieldErrors, pending: string): { to: string | null; body: string | null } {
  const t = composerStrings();
  return {
    to: errors.to ? { unpicked: t.errorUnpicked(pending), none: t.errorNoRecipient, self: t.errorSelf }[errors.to] : null,
    body: errors.body ? t.errorNoBody : null,
  };
}

/** Why a send failed, in words; a recipient without a key is named. */
export function sendErrorText(error: unknown, nameOf: (userId: string) => string): string {
  if (isSealError(error, 'NO_KEY_FOR_RECIPIENT') && typeof error.details.userId === 'string') {
    return composerStrings().noKeyFor(nameOf(error.details.userId));
  }
  return sendFailureText(error);
}
