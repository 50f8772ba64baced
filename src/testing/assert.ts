/**
 * The few assertions the conformance kit needs, as plain thrown errors, so the kit runs under any test
 * framework (mocha, node:test, vitest, jest) without an assertion library.
 */
import { SealError } from '../core/errors.js';

/** A broken contract rule; the message says which rule and what the adapter did instead. */
export class ConformanceError extends Error {
  override readonly name = 'ConformanceError';
}

export function fail(message: string): never {
  throw new ConformanceError(message);
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}

/** Deep equality of JSON-like data: primitives, arrays and plain objects (key order ignored). */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Short JSON for messages; long strings (ciphertexts) are cut. */
export function show(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'function') return 'a function';
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' && item.length > 80 ? `${item.slice(0, 77)}...` : item));
  } catch {
    // Circular or otherwise not JSON: fall through.
  }
  text ??= String(value);
  return text.length > 400 ? `${text.slice(0, 397)}...` : text;
}

export function assertEqual(actual: unknown, expected: unknown, what: string): void {
  if (!sameData(actual, expected)) fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

/**
 * Runs `action`, which must reject with a TRANSPORT `SealError` whose `retryable` flag is `retryable`.
 * Resolves with the error so callers can look further.
 */
export async function expectTransportError(action: () => unknown, retryable: boolean, what: string): Promise<SealError> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  const expected = `a TRANSPORT SealError with retryable: ${retryable}`;
  if (caught === undefined) fail(`${what}: expected ${expected}, but the call succeeded`);
  if (!(caught instanceof SealError)) {
    const hint =
      (caught as { name?: unknown })?.name === 'SealError'
        ? ' (a SealError from another copy of sealbox: import transportError from the same package as the client)'
        : ' (build failures with transportError from sealbox)';
    fail(`${what}: expected ${expected}, got ${show(caught)}${hint}`);
  }
  if (caught.code !== 'TRANSPORT') fail(`${what}: expected ${expected}, got code ${caught.code} (${caught.message})`);
  if (caught.retryable !== retryable) {
    fail(`${what}: expected ${expected}, got retryable: ${caught.retryable} (${caught.message})`);
  }
  return caught;
}

/** Resolves with `promise`, or fails with `message` after `ms` milliseconds. */
export function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new ConformanceError(`${message} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
