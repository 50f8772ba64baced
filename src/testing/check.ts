import type { CheckContext } from './context.js';
import type { TransportCapabilities } from './harness.js';

/** One behaviour of the contract, checked against a fresh session. */
export interface Check {
  readonly name: string;
  /** Declared only when the harness has all of these capabilities. */
  readonly needs?: readonly (keyof TransportCapabilities)[];
  run(context: CheckContext): Promise<void>;
}

export interface CheckGroup {
  readonly name: string;
  readonly checks: readonly Check[];
}
