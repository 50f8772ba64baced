// Benchmark of encrypted attachments in headless Chromium. Not a test: it prints figures.
//
//   node scripts/bench-attachments.mjs [--sizes 10,100] [--runs 3]      (npm run bench:attachments)
//
// For each file size (MiB) the page builds a file of random bytes, then each run encrypts and decrypts
// it two ways: Sealbox's attachments (1 MiB chunks, each signed and encrypted in the crypto worker,
// the main thread holding a few chunks) and plain openpgp.js encrypting and decrypting the whole file as
// one message on the page, with the same kind of keys (curve25519, v4). Reported per operation, as
// medians of the runs: the time, the peak JS heap of the page (CDP Performance.getMetrics
// JSHeapUsedSize, sampled every 20 ms) and, on Linux, the peak resident memory of the renderer, which
// also counts the crypto worker and ArrayBuffer contents (VmHWM after a reset through clear_refs), each
// as growth over the level just before the operation.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startBench } from './bench/harness.mjs';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10,100' }, runs: { type: 'string', default: '3' } } });
const SIZES = values.sizes.split(',').map(Number);
const RUNS = Number(values.runs);
const MiB = 1024 * 1024;
const OPERATIONS = ['sealboxEncrypt', 'plainEncrypt', 'sealboxDecrypt', 'plainDecrypt'];

const { browser, executablePath, url: benchUrl, close } = await startBench();

/** Resident memory of the renderer processes, in bytes, through /proc (Linux); null elsewhere. */
function rendererMemory(pids) {
  try {
    let rss = 0;
    let peak = 0;
    for (const pid of pids) {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      rss += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) * 1024;
      peak += Number(/^VmHWM:\s+(\d+) kB/m.exec(status)[1]) * 1024;
    }
    return { rss, peak };
  } catch {
    return null;
  }
}

function resetPeak(pids) {
  try {
    for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') console.log(`  [page] ${message.text()}`);
  });
  await page.goto(benchUrl('scripts/bench/attachments.html'));
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 120_000 });
  await page.evaluate(() => window.bench.setup());

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const browserCdp = await browser.newBrowserCDPSession();
  const renderers = async () => {
    try {
      const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
      return processInfo.filter((info) => info.type === 'renderer').map((info) => info.id);
    } catch {
      return [];
    }
  };
  const heapUsed = async () => (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'JSHeapUsedSize').value;

  async function measure(operation) {
    await cdp.send('HeapProfiler.collectGarbage');
    const pids = await renderers();
    const baseHeap = await heapUsed();
    const canPeak = pids.length > 0 && resetPeak(pids);
    const baseMemory = rendererMemory(pids);
    let peakHeap = baseHeap;
    let sampledRss = baseMemory?.rss ?? 0;
    let running = true;
    const sampler = (async () => {
      while (running) {
        peakHeap = Math.max(peakHeap, await heapUsed());
        sampledRss = Math.max(sampledRss, rendererMemory(pids)?.rss ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const result = await page.evaluate((name) => window.bench.run(name), operation);
    running = false;
    await sampler;
    const after = rendererMemory(pids);
    const peakRss = Math.max(sampledRss, canPeak && after ? after.peak : 0);
    return {
      ms: result.ms,
      heap: peakHeap - baseHeap,
      memory: baseMemory && after ? peakRss - baseMemory.rss : null,
    };
  }

  const median = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  const mib = (bytes) => (bytes === null ? 'n/a' : `${(bytes / MiB).toFixed(1)} MiB`);
  const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

  for (const size of SIZES) {
    await page.evaluate((bytes) => window.bench.makeFile(bytes), size * MiB);
    const results = Object.fromEntries(OPERATIONS.map((operation) => [operation, []]));
    for (let run = 1; run <= RUNS; run += 1) {
      for (const operation of OPERATIONS) results[operation].push(await measure(operation));
      const line = OPERATIONS.map((operation) => `${operation} ${seconds(results[operation].at(-1).ms)}`).join(', ');
      console.log(`  ${size} MiB, run ${run}: ${line}`);
    }
    const pick = (operation, field) => {
      const list = results[operation].map((result) => result[field]);
      return list.includes(null) ? null : median(list);
    };
    const rows = [];
    for (const [label, sealbox, plain] of [
      ['Encrypt', 'sealboxEncrypt', 'plainEncrypt'],
      ['Decrypt', 'sealboxDecrypt', 'plainDecrypt'],
    ]) {
      rows.push([`${label}: time`, seconds(pick(sealbox, 'ms')), seconds(pick(plain, 'ms'))]);
      rows.push([`${label}: peak page JS heap growth`, mib(pick(sealbox, 'heap')), mib(pick(plain, 'heap'))]);
      rows.push([`${label}: peak renderer memory growth`, mib(pick(sealbox, 'memory')), mib(pick(plain, 'memory'))]);
    }
    const header = ['', 'Sealbox (1 MiB chunks, worker)', 'openpgp.js, one message (page)'];
    const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
    console.log(`\n${size} MiB file: medians of ${RUNS} runs (headless Chromium, ${executablePath})`);
    for (const row of [header, ...rows]) console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column])).join('   ')}`);
    console.log('');
  }
} finally {
  await close();
}
