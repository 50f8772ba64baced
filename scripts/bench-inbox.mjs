// Benchmark of <seal-inbox> with a large mailbox, in headless Chromium. Not a test: it prints figures.
//
//   node scripts/bench-inbox.mjs [--threads 10000] [--runs 5]      (npm run bench:inbox)
//
// One page seeds the mailbox once: three correspondents send real signed and encrypted messages to Ana
// through the in-memory relay (one thread per message; signed and encrypted with openpgp.js exactly as
// Sealbox's engine does, without running a Sealbox client per sender), then Ana's client syncs them
// into IndexedDB. Each run then opens a fresh client (cold crypto worker, nothing decrypted yet), unlocks
// it and renders <seal-inbox>, measuring: first rows on screen, visible subjects decrypted, paging
// down to the middle and the end (the inbox loads older pages as it scrolls), rows on screen and
// decrypted after jumping there, DOM rows rendered, and frame times while scrolling.
import { parseArgs } from 'node:util';
import { startBench } from './bench/harness.mjs';

const { values } = parseArgs({ options: { threads: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' } } });
const THREADS = Number(values.threads);
const RUNS = Number(values.runs);

const { browser, executablePath, url: benchUrl, close } = await startBench();

try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.text().startsWith('seeded')) console.log(`  [page] ${message.text()}`);
  });
  const url = benchUrl('scripts/bench/inbox.html');
  await page.goto(url);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 120_000 });
  // Vite may reload once after optimizing dependencies on first use.
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 120_000 });

  console.log(`Seeding ${THREADS} threads (real signed and encrypted messages)…`);
  const seeded = await page.evaluate((count) => window.bench.seed(count), THREADS);
  console.log(
    `  signed, encrypted and delivered ${seeded.count} messages in ${seeded.encryptSeconds.toFixed(1)} s; Ana's client synced ${seeded.synced} in ${seeded.syncSeconds.toFixed(1)} s`,
  );

  const runs = [];
  for (let i = 0; i < RUNS; i += 1) {
    const result = await page.evaluate((total) => window.bench.run(total), THREADS);
    runs.push(result);
    console.log(
      `  run ${i + 1}: first rows ${result.top.renderMs.toFixed(0)} ms, previews ${result.top.previewsMs.toFixed(0)} ms, ` +
        `middle ${result.middle.renderMs.toFixed(0)}/${result.middle.previewsMs.toFixed(0)} ms, end ${result.end.renderMs.toFixed(0)}/${result.end.previewsMs.toFixed(0)} ms`,
    );
  }
  await page.evaluate(() => window.bench.cleanup());

  const median = (pick) => {
    const sorted = runs.map(pick).sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  const ms = (pick) => `${median(pick).toFixed(0)} ms`;
  const rows = [
    ['First rows on screen', ms((r) => r.top.renderMs)],
    ['Visible subjects decrypted (from insertion)', ms((r) => r.top.previewsMs)],
    ['DOM rows rendered at the top', median((r) => r.top.domRows)],
    [`Paging down to thread ${Math.floor(THREADS / 2) + 1} (pages of 200)`, ms((r) => r.pagingToMiddleMs)],
    ['Middle: row on screen after the jump', ms((r) => r.middle.renderMs)],
    ['Middle: visible subjects decrypted', ms((r) => r.middle.previewsMs)],
    ['DOM rows rendered in the middle', median((r) => r.middle.domRows)],
    [`Paging on to thread ${THREADS}`, ms((r) => r.pagingToEndMs)],
    ['End: row on screen after the jump', ms((r) => r.end.renderMs)],
    ['End: visible subjects decrypted', ms((r) => r.end.previewsMs)],
    ['DOM rows rendered at the end', median((r) => r.end.domRows)],
    ['Shadow DOM elements at the end', median((r) => r.domNodes)],
    ['Scrolling 400 px a frame: median frame', ms((r) => r.smooth.p50FrameMs)],
    ['Scrolling 400 px a frame: 95th percentile frame', ms((r) => r.smooth.p95FrameMs)],
    ['Scrolling 400 px a frame: longest frame', ms((r) => r.smooth.maxFrameMs)],
  ];
  console.log(`\n<seal-inbox> with ${THREADS} threads: medians of ${RUNS} runs (headless Chromium, ${executablePath})`);
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
} finally {
  await close();
}
