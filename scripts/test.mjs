// Runs every test suite and ends with one plain line `N passed, N failed` (plus `, N skipped` when
// some were skipped) that sums all suites; CI reads that line. Exits non-zero if anything failed.
//
//   node scripts/test.mjs [--only typecheck|node|browser]... [web-test-runner options, e.g. --files ...]
//
// Suites: the type check (1 passed or 1 failed), the Node tests in test/node (node:test via tsx) and
// the browser tests (web-test-runner in Chrome/Chromium).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChrome } from './find-chrome.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const SUITES = ['typecheck', 'node', 'browser'];
const CI = process.env.CI === 'true' || process.env.CI === '1';
const WTR_SUMMARY = join(ROOT, '.cache', 'wtr-summary.json');

function parseArgs(argv) {
  const only = [];
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value;
    if (arg === '--only') value = argv[++i];
    else if (arg.startsWith('--only=')) value = arg.slice('--only='.length);
    else {
      rest.push(arg);
      continue;
    }
    if (!SUITES.includes(value)) {
      console.error(`Unknown suite for --only: ${value ?? '(none)'} (expected ${SUITES.join(', ')})`);
      process.exit(2);
    }
    only.push(value);
  }
  return { suites: only.length > 0 ? SUITES.filter((suite) => only.includes(suite)) : SUITES, wtrArgs: rest };
}

/** The file a package's `bin` entry points to, so tools run with this Node without npx. */
function binOf(pkg, name) {
  const manifestPath = join(ROOT, 'node_modules', pkg, 'package.json');
  if (!existsSync(manifestPath)) throw new Error(`${pkg} is not installed: run npm install`);
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  return join(dirname(manifestPath), typeof bin === 'string' ? bin : bin[name]);
}

/** Runs `node <args>`, resolving with the exit code (output inherited unless `capture`). */
function runNode(args, { capture = false, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

function heading(name) {
  console.log(`\n=== ${name} ===`);
}

async function typecheck() {
  heading('typecheck: tsc --noEmit -p tsconfig.json');
  const { code, output } = await runNode([binOf('typescript', 'tsc'), '--noEmit', '-p', 'tsconfig.json'], {
    capture: true,
  });
  if (code === 0) return { passed: 1, failed: 0, skipped: 0 };
  process.stdout.write(output.endsWith('\n') || output === '' ? output : `${output}\n`);
  return { passed: 0, failed: 1, skipped: 0 };
}

function findNodeTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return findNodeTests(path);
      return entry.isFile() && entry.name.endsWith('.test.ts') ? [relative(ROOT, path)] : [];
    });
}

/** Test files run at once: SEALBOX_NODE_TEST_CONCURRENCY, else one per core but at least two. */
function nodeTestConcurrency() {
  const configured = Number(process.env.SEALBOX_NODE_TEST_CONCURRENCY);
  return Number.isInteger(configured) && configured > 0 ? configured : Math.max(2, availableParallelism());
}

async function nodeTests() {
  heading('node: node --import tsx --test test/node');
  const files = findNodeTests(join(ROOT, 'test', 'node'));
  if (files.length === 0) {
    console.log('No Node tests (test/node/**/*.test.ts).');
    return { passed: 0, failed: 0, skipped: 0 };
  }
  // Some Node tests drive the demo in Chromium: make sure one is there before they start.
  ensureBrowser();
  // Readable output on stdout, TAP into a file whose `# pass N` summary is counted.
  const dir = mkdtempSync(join(tmpdir(), 'sealbox-node-tests-'));
  const tapFile = join(dir, 'results.tap');
  try {
    const { code } = await runNode([
      '--import',
      'tsx',
      '--test',
      // Node's default is one file at a time on two cores (cores - 1); most files spend much of their
      // time waiting on a relay, a database or Chromium, so two or more run side by side.
      `--test-concurrency=${nodeTestConcurrency()}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tapFile}`,
      ...files,
    ]);
    const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
    const summary = (key) => {
      const match = new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap);
      return match ? Number(match[1]) : null;
    };
    const pass = summary('pass');
    const fail = summary('fail');
    if (pass === null || fail === null) {
      console.log(`The Node test runner wrote no summary (exit code ${code}).`);
      return { passed: 0, failed: 1, skipped: 0 };
    }
    const counts = {
      passed: pass,
      failed: fail + (summary('cancelled') ?? 0),
      skipped: (summary('skipped') ?? 0) + (summary('todo') ?? 0),
    };
    if (code !== 0 && counts.failed === 0) {
      console.log(`The Node test runner exited with code ${code} without a failing test.`);
      counts.failed = 1;
    }
    return counts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const NO_BROWSER =
  'No Chrome or Chromium found: set CHROME_PATH or install Chromium (Debian/Ubuntu: apt-get install chromium).';

/** Finds a browser, installing Debian's chromium when running as root on Debian/Ubuntu. */
function ensureBrowser() {
  const found = findChrome();
  if (found) return found;
  if (process.env.CHROME_PATH) {
    console.log(`No Chrome or Chromium found: CHROME_PATH=${process.env.CHROME_PATH} does not exist (point it at a Chrome or Chromium binary, or unset it).`);
    return null;
  }
  if (existsSync('/etc/debian_version') && process.getuid?.() === 0) {
    console.log('No Chrome or Chromium found: installing Debian\'s chromium package (apt-get install chromium).');
    spawnSync('sh', ['-c', 'apt-get update && apt-get install -y chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = findChrome();
    if (installed) return installed;
  }
  console.log(NO_BROWSER);
  return null;
}

async function browserTests(wtrArgs) {
  heading('browser: web-test-runner');
  const browser = ensureBrowser();
  if (!browser) return { passed: 0, failed: 1, skipped: 0 };
  console.log(`Browser: ${browser}`);

  rmSync(WTR_SUMMARY, { force: true });
  const args = [binOf('@web/test-runner', 'wtr'), '--config', 'web-test-runner.config.mjs', ...wtrArgs];
  if (CI && !args.includes('--static-logging')) args.push('--static-logging');
  const { code } = await runNode(args, { env: { ...process.env, WTR_SUMMARY_FILE: WTR_SUMMARY } });

  if (!existsSync(WTR_SUMMARY)) {
    console.log(`web-test-runner wrote no summary (${relative(ROOT, WTR_SUMMARY)}; exit code ${code}).`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const summary = JSON.parse(readFileSync(WTR_SUMMARY, 'utf8'));
  const counts = {
    passed: summary.passed ?? 0,
    failed: (summary.failed ?? 0) + (summary.fileErrors ?? 0),
    skipped: summary.skipped ?? 0,
  };
  if (code !== 0 && counts.failed === 0) {
    console.log(`web-test-runner exited with code ${code} without a failing test.`);
    counts.failed = 1;
  }
  return counts;
}

function line({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

const { suites, wtrArgs } = parseArgs(process.argv.slice(2));
const runners = { typecheck, node: nodeTests, browser: () => browserTests(wtrArgs) };
const results = [];
const seconds = [];
for (const suite of suites) {
  let counts;
  const started = Date.now();
  try {
    counts = await runners[suite]();
  } catch (error) {
    console.log(`${suite}: could not run: ${error?.message ?? error}`);
    counts = { passed: 0, failed: 1, skipped: 0 };
  }
  results.push([suite, counts]);
  seconds.push(`${suite} ${Math.round((Date.now() - started) / 1000)} s`);
}

const total = { passed: 0, failed: 0, skipped: 0 };
for (const [, counts] of results) {
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
console.log('');
console.log(`Time: ${seconds.join(', ')}`);
for (const [suite, counts] of results) console.log(`${suite}: ${line(counts)}`);
console.log(line(total));
process.exitCode = total.failed > 0 ? 1 : 0;
