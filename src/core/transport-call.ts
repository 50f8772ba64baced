import { isSealError, SealError } from './errors.js';

/**
 * Calls an adapter method; whatever it throws that is not a TRANSPORT SealError becomes one (an adapter
 * bug or an unexpected exception is not worth retrying). Network-level TypeErrors from fetch count as
 * retryable.
 */
export async function callTransport<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isSealError(error, 'TRANSPORT')) throw error;
    const retryable = error instanceof TypeError && /fetch|network/i.test(error.message);
    const message = error instanceof Error ? error.message : String(error);
    throw new SealError('TRANSPORT', `The transport failed: ${message}`, { cause: error, retryable });
  }
}
