// The transport contract and the adapters that ship with Sealbox.
export type {
  BlobChunk,
  BlobRequestOptions,
  DeliveredEnvelope,
  DirectoryEntry,
  EnvelopePage,
  EnvelopeRouting,
  FetchOptions,
  OutgoingEnvelope,
  PublishedKey,
  SealTransport,
  SignedRecord,
  SubscribeOptions,
  Unsubscribe,
} from './transport.js';
export { transportError } from './transport-error.js';
export { MemoryRelay, MemoryTransport, type MemoryRelayOptions } from './memory-transport.js';
export { BroadcastChannelTransport, type BroadcastChannelTransportOptions } from './broadcast-channel-transport.js';
export { HttpTransport } from './http-transport.js';
export { HttpAuthExpiredEvent, type HttpTransportEventMap } from './http-auth-expired-event.js';
export type { HttpPath, HttpPathParams, HttpPaths, HttpRetryPolicy, HttpTransportOptions } from './http-options.js';
