// Per-file wall times of a browser test run, slowest first, written as JSON when the process exits.
// On only when WTR_TIMINGS_FILE names the file: `WTR_TIMINGS_FILE=.cache/wtr-timings.json npm run test:browser`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

export function timingsReporter({ file = process.env.WTR_TIMINGS_FILE } = {}) {
  if (!file) return {};
  const started = new Map();
  const files = new Map();
  let runStarted = 0;
  return {
    start({ sessions }) {
      runStarted = Date.now();
      sessions.on('session-status-updated', (session) => {
        const name = relative(process.cwd(), session.testFile);
        if (session.status === 'INITIALIZING') started.set(session.id, Date.now());
        if (session.status === 'FINISHED') {
          const tests = [];
          const collect = (suite, prefix) => {
            for (const test of suite?.tests ?? []) tests.push({ name: `${prefix}${test.name}`, ms: test.duration ?? 0 });
            for (const child of suite?.suites ?? []) collect(child, `${prefix}${child.name} > `);
          };
          collect(session.testResults, '');
          tests.sort((a, b) => b.ms - a.ms);
          files.set(name, { ms: Date.now() - (started.get(session.id) ?? runStarted), tests: tests.length, slowest: tests.slice(0, 5) });
        }
      });
    },
    stop() {
      process.once('exit', () => {
        const sorted = [...files].sort((a, b) => b[1].ms - a[1].ms).map(([name, value]) => ({ file: name, ...value }));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify({ totalMs: Date.now() - runStarted, files: sorted }, null, 2));
      });
    },
  };
}
