/**
 * The demo deployment: the reference relay and the portal pages, served together. Vite serves the pages
 * and passes `/v1/*` to the relay, so the pages call their own origin (like a portal behind one gateway)
 * and the relay needs no CORS settings.
 */
import { createServer, type ViteDevServer } from 'vite';
import { DEFAULT_DATA_DIR } from '../relay/paths.js';
import { startRelay, type Relay, type RelayOptions } from '../relay/relay.js';

export interface DemoOptions {
  /** Port of the portal pages. Default 5173, or the next free one. */
  readonly port?: number;
  /** Port of the relay. Default 8787; 0 for any free port. */
  readonly relayPort?: number;
  /** Relay data folder. Default .sealbox-data/relay. */
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly log?: RelayOptions['log'];
  /** Vite's log level. Default 'info'. */
  readonly logLevel?: 'info' | 'warn' | 'error' | 'silent';
}

export interface Demo {
  /** The portal's start page. */
  readonly url: string;
  readonly relay: Relay;
  readonly vite: ViteDevServer;
  close(): Promise<void>;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const relay = await startRelay({
    port: options.relayPort ?? 8787,
    dataDir: options.dataDir ?? DEFAULT_DATA_DIR,
    databaseUrl: options.databaseUrl,
    log: options.log,
  });
  let vite: ViteDevServer;
  try {
    vite = await createServer({
      configFile: new URL('../../vite.config.ts', import.meta.url).pathname,
      logLevel: options.logLevel ?? 'info',
      server: {
        port: options.port ?? 5173,
        // The event stream must pass through as it comes, without buffering.
        proxy: { '/v1': { target: relay.url, changeOrigin: false, ws: false } },
      },
    });
    await vite.listen();
  } catch (error) {
    await relay.close();
    throw error;
  }
  const url = vite.resolvedUrls?.local[0] ?? `http://localhost:${vite.config.server.port}/`;
  return {
    url,
    relay,
    vite,
    async close() {
      await vite.close();
      await relay.close();
    },
  };
}
