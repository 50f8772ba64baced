import { SealError, type SealErrorCode } from '../errors.js';

// openpgp.js reports failures as plain Errors; these patterns map its messages to stable codes.
const PATTERNS: ReadonlyArray<readonly [RegExp, SealErrorCode, string]> = [
  [/Maximum decompressed message size exceeded/i, 'TOO_LARGE', 'The message expands beyond the allowed size'],
  [/not signed/i, 'NOT_SIGNED', 'The message is not signed'],
  [/Could not find signing key/i, 'WRONG_SENDER', "The message is not signed by the sender's key"],
  [/Signed digest did not match|signature.*(?:invalid|failed|did not match)|verification failed/i, 'BAD_SIGNATURE', 'The signature does not match the message'],
  [/No decryption key packets found|Session key decryption failed/i, 'NOT_FOR_ME', 'The message is not encrypted to this key'],
  [/Argon2|memory.*exceed/i, 'TOO_LARGE', 'The key asks for more memory than allowed'],
];

/** Maps an openpgp.js decryption failure to a SealError; unknown failures count as tampering. */
export function classifyDecryptError(error: unknown): SealError {
  if (error instanceof SealError) return error;
  const message = error instanceof Error ? error.message : String(error);
  for (const [pattern, code, text] of PATTERNS) {
    if (pattern.test(message)) return new SealError(code, text, { cause: error });
  }
  return new SealError('TAMPERED', 'The message was altered or is not valid OpenPGP', { cause: error });
}
