// A Sealbox transport for an existing portal REST API with bearer-token sessions (see
// docs/transport-adapters.md). In an application, import from 'sealbox' instead of the sources.
import { isSealError, transportError, type EnvelopePage, type PublishedKey, type SealTransport } from '../../src/index.js';

export interface PortalTransportOptions {
  /** The portal's origin, e.g. `https://portal.example.org`. */
  readonly baseUrl: string;
  /** The portal's own session token for the signed-in user (sent as a header, never in the URL). */
  readonly getToken: () => Promise<string>;
}

export function portalRestTransport({ baseUrl, getToken }: PortalTransportOptions): SealTransport {
  async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, baseUrl), {
        method,
        signal,
        headers: { authorization: `Bearer ${await getToken()}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      // Offline, DNS, connection reset or aborted: the same call may pass later.
      throw transportError('The portal could not be reached', { retryable: true, cause });
    }
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429;
      throw transportError(`The portal answered ${response.status}`, { retryable, status: response.status });
    }
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T; // The client validates pages and envelopes itself.
    } catch (cause) {
      throw transportError('The portal answered with malformed JSON', { retryable: false, cause });
    }
  }
  const query = (params: Record<string, string | number | null | undefined>) =>
    new URLSearchParams(Object.entries(params).flatMap(([key, value]) => (value == null ? [] : [[key, String(value)]]))).toString();

  return {
    publishKey: (key) => call('PUT', `/api/keys/${encodeURIComponent(key.userId)}`, key),
    async lookupKey(userId) {
      try {
        return await call<PublishedKey>('GET', `/api/keys/${encodeURIComponent(userId)}`);
      } catch (error) {
        if (isSealError(error, 'TRANSPORT') && error.details.status === 404) return null;
        throw error;
      }
    },
    send: (envelope) => call('POST', '/api/messages', envelope),
    fetch: ({ after, limit, signal }) => call<EnvelopePage>('GET', `/api/messages?${query({ after, limit })}`, undefined, signal),
    searchDirectory: (q, options) => call('GET', `/api/people?${query({ q, limit: options?.limit })}`),
    recordConsent: (record) => call('POST', '/api/consent', record),
    recordAudit: (records) => call('POST', '/api/audit', records),
  };
}
