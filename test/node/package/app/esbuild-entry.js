// The page's entry for a bundle without lazy chunks (esbuild without --splitting), which cannot start a
// worker from the package's lazy imports: the package's dist/workers/ folder is copied to ./sealbox/
// next to the page's bundle (see README, Installing in a portal app).
import { setBasePath } from 'sealbox';

setBasePath(new URL('./sealbox/', import.meta.url).href);
await import('./main.js');
