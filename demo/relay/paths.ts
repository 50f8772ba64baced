import { fileURLToPath } from 'node:url';

/** Where `npm run relay` keeps its data unless DATA_DIR says otherwise: .sealbox-data/relay in the repository. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../.sealbox-data/relay', import.meta.url));

/** Marks a folder as relay data, so the reset script never deletes anything else. */
export const DATA_MARKER = '.sealbox-relay';
