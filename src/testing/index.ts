// `sealbox/testing`: the conformance kit adapter authors run against their transport and backend.
export { defineTransportConformance, conformanceChecks } from './conformance.js';
export type {
  ConformanceHarness,
  ConformanceSession,
  ConformanceUsers,
  TestFramework,
  TransportCapabilities,
  UserProfile,
} from './harness.js';
export { ConformanceError } from './assert.js';
export {
  byteLength,
  makeBlobChunk,
  makeEnvelope,
  makeRecord,
  placeholderChunkBytes,
  placeholderCiphertext,
  placeholderPublicKey,
  sha256Hex,
} from './fixtures.js';
