/** The relay's error answers: `{ "error": { "code", "message" } }` with a stable code per status. */
import { isSealError } from '../../src/core/errors.js';

const CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
};

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500;

export class HttpError extends Error {
  readonly code: string;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly status: ErrorStatus,
    message: string,
    options: { code?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.code = options.code ?? CODES[status] ?? 'ERROR';
    this.headers = options.headers ?? {};
  }
}

export function errorBody(error: HttpError): { error: { code: string; message: string } } {
  return { error: { code: error.code, message: error.message } };
}

/**
 * The answer for a thrown error: our own, or a refusal from the shared relay rules (a TRANSPORT
 * SealError carrying the HTTP status). Anything else is a bug: `null`, answered as a bare 500.
 */
export function asHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (isSealError(error, 'TRANSPORT')) {
    const status = Number(error.details.status ?? 400);
    return new HttpError((status in CODES ? status : 400) as ErrorStatus, error.message);
  }
  return null;
}

/**
 * An unexpected error for a log line: its class and code only (`DatabaseError:42P01`), as messages of
 * driver errors may quote stored values.
 */
export function failureName(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'Error';
  return `${name}${typeof code === 'string' && /^\w{1,20}$/.test(code) ? `:${code}` : ''}`;
}
