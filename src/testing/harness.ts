/**
 * What an adapter author hands the conformance kit: how to get a fresh backend, how to sign users in,
 * and which optional parts of the contract the adapter implements.
 */
import type { OutgoingEnvelope, SealTransport, SignedRecord } from '../transport/transport.js';

/** The `describe` and `it` of the caller's test framework (mocha, node:test, vitest and jest all fit). */
export interface TestFramework {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>): unknown;
}

/** Directory data the kit passes when it signs a user in; backends with their own records may ignore it. */
export interface UserProfile {
  readonly displayName?: string;
  readonly role?: string;
}

/** The three user ids the kit signs in as; they must be distinct. */
export interface ConformanceUsers {
  readonly ana: string;
  readonly lee: string;
  readonly carol: string;
}

/** Optional methods of `SealTransport` the adapter implements, and optional hooks the harness offers. */
export interface TransportCapabilities {
  readonly subscribe?: boolean;
  readonly searchDirectory?: boolean;
  readonly recordConsent?: boolean;
  readonly recordAudit?: boolean;
  readonly close?: boolean;
  /** Attachment blobs: `putBlobChunk`, `listBlobChunks` and `getBlobChunk`, all three. */
  readonly blobs?: boolean;
  /** Sessions provide `interrupt()`, which turns on the retryable-failure checks. */
  readonly interrupt?: boolean;
}

/** One check's backend: a fresh one, or fresh users on a shared one. */
export interface ConformanceSession {
  /**
   * The user ids to sign in as (default `ana`, `lee`, `carol`). Map them to pre-seeded accounts, or
   * give unique ids per session when several sessions share one backend. Their mailboxes must be
   * empty and they must have no published key when the session starts.
   */
  readonly users?: ConformanceUsers;

  /**
   * Returns a transport signed in as `userId`: create the user on the backend if needed, or log in as
   * the pre-seeded account. The kit may connect the same user more than once (like two tabs).
   */
  connect(userId: string, profile?: UserProfile): Promise<SealTransport> | SealTransport;

  /** Optional: every envelope the backend stores for this session, in storage order. Sharpens the checks. */
  storedEnvelopes?(): Promise<readonly OutgoingEnvelope[]>;

  /** Optional: every consent receipt or audit entry the backend keeps for this session. */
  storedRecords?(kind: 'consent' | 'audit'): Promise<readonly SignedRecord[]>;

  /**
   * Optional: resolves once subscriptions already made on `transport` receive new envelopes (e.g. the
   * event stream is open). Without it the kit sends right after `subscribe()` returns.
   */
  whenSubscribed?(transport: SealTransport): Promise<void>;

  /**
   * Required when `capabilities.interrupt` is set: makes the backend unreachable for transports already
   * connected (stop the server, keeping its data), resolving with a function that brings it back.
   */
  interrupt?(): Promise<() => Promise<void>>;

  /** Releases the backend. The kit has already closed and unsubscribed everything it opened. */
  dispose?(): Promise<void> | void;
}

export interface ConformanceHarness {
  /** What the adapter implements; the kit checks that exactly these optional methods exist. */
  readonly capabilities: TransportCapabilities;
  /** Called once per check. */
  createSession(): Promise<ConformanceSession> | ConformanceSession;
  /** How long to wait for a realtime delivery before failing. Default 5000 ms. */
  readonly deliveryTimeoutMs?: number;
}
