import type { SealTransport } from '../../src/transport/transport.js';

/**
 * A transport without the blob methods, as a portal whose backend cannot store files offers: messages
 * go through, attachments cannot be sent or downloaded. Every other method is the inner transport's.
 */
export function textOnly(inner: SealTransport): SealTransport {
  const transport: SealTransport = {
    publishKey: (key) => inner.publishKey(key),
    lookupKey: (userId) => inner.lookupKey(userId),
    send: (envelope) => inner.send(envelope),
    fetch: (options) => inner.fetch(options),
    close: () => inner.close?.(),
  };
  if (inner.subscribe) transport.subscribe = (listener, options) => inner.subscribe!(listener, options);
  if (inner.searchDirectory) transport.searchDirectory = (query, options) => inner.searchDirectory!(query, options);
  if (inner.recordConsent) transport.recordConsent = (record) => inner.recordConsent!(record);
  if (inner.recordAudit) transport.recordAudit = (records) => inner.recordAudit!(records);
  return transport;
}
