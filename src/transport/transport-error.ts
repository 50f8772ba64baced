import { SealError } from '../core/errors.js';

/**
 * Builds the error a transport method rejects with. `retryable` is true for failures that may pass on
 * a later try (network, timeout, HTTP 5xx and 429) and false for refusals (other 4xx, bad data).
 */
export function transportError(
  message: string,
  options: { retryable: boolean; cause?: unknown; status?: number } = { retryable: false },
): SealError {
  const details: Record<string, number> = {};
  if (options.status !== undefined) details.status = options.status;
  return new SealError('TRANSPORT', message, { retryable: options.retryable, cause: options.cause, details });
}
