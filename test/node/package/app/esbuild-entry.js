// The page's entry for esbuild, which does not follow new URL(…, import.meta.url): the workers are
// bundled into ./sealbox/ next to the page's bundle (see README, Installing in a portal app).
import { setBasePath } from 'sealbox';

setBasePath(new URL('./sealbox/', import.meta.url).href);
await import('./main.js');
