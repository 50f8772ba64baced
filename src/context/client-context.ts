import { createContext } from '@lit/context';
import type { SealClient } from '../core/client.js';

/** Provided by `<seal-provider>`: the client every Sealbox element inside it uses. */
export const sealClientContext = createContext<SealClient | undefined>(Symbol.for('sealbox.client'));
