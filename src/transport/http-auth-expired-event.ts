/**
 * Dispatched by `HttpTransport` when the server answers 401: the portal's session or token expired.
 * The call that got the 401 has already rejected (non-retryable); the host page refreshes its session
 * so that `getAuthToken()` returns a valid token for the calls that follow. Carries no token.
 */
export class HttpAuthExpiredEvent extends Event {
  static readonly type = 'auth-expired';
  /** The operation that was refused, e.g. `send` or `subscribe`. */
  readonly operation: string;

  constructor(operation: string) {
    super(HttpAuthExpiredEvent.type);
    this.operation = operation;
  }
}

export interface HttpTransportEventMap {
  'auth-expired': HttpAuthExpiredEvent;
}
