import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { CHROME_ARGS, findChrome } from './scripts/find-chrome.mjs';
import { summaryReporter } from './scripts/wtr-summary-reporter.mjs';
import { timingsReporter } from './scripts/wtr-timings-reporter.mjs';
import { gpgPlugin } from './test/helpers/gpg-plugin.mjs';
import { relayPlugin } from './test/helpers/relay-plugin.mjs';
import { testKdfPlugin } from './test/helpers/test-kdf-plugin.mjs';

const executablePath = findChrome();
if (!executablePath) {
  console.error('No Chrome or Chromium found: set CHROME_PATH or install Chromium (Debian/Ubuntu: apt-get install chromium).');
  process.exit(1);
}

export default {
  files: ['test/**/*.test.ts', '!test/node/**'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  // Pages on the other loopback name (localhost / 127.0.0.1) may load these files, as from a CDN.
  middleware: [
    (context, next) => {
      context.set('Access-Control-Allow-Origin', '*');
      return next();
    },
  ],
  plugins: [testKdfPlugin(), esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }), gpgPlugin(), relayPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath, headless: true, args: CHROME_ARGS },
      // One browser context (and window) per test file: a tab behind another is hidden, and hidden
      // pages get no animation frames, which stalls virtualized lists.
      async createPage({ browser }) {
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        page.once('close', () => void context.close().catch(() => {}));
        return page;
      },
    }),
  ],
  // Failed assertions about DOM nodes stay reportable (see the helper).
  testRunnerHtml: (testFramework) =>
    `<!doctype html><html><head><script src="/test/helpers/reportable-errors.js"></script></head><body><script type="module" src="${testFramework}"></script></body></html>`,
  concurrency: 2,
  testsFinishTimeout: 10 * 60 * 1000,
  testFramework: { config: { timeout: 30000 } },
  reporters: [defaultReporter(), summaryReporter(), timingsReporter()],
};
