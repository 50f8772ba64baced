// Counts browser test results and writes them to a JSON file when the process exits
// (wtr's dynamic terminal swallows anything written during the reporter's stop()).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function count(suite, totals) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const child of suite?.suites ?? []) count(child, totals);
}

export function summaryReporter({ file = process.env.WTR_SUMMARY_FILE ?? '.cache/wtr-summary.json' } = {}) {
  const totals = { passed: 0, failed: 0, skipped: 0, fileErrors: 0 };
  return {
    onTestRunFinished({ sessions }) {
      for (const session of sessions) {
        count(session.testResults, totals);
        // A test file that failed to load or threw outside a test counts as one failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) totals.fileErrors += 1;
      }
    },
    stop() {
      process.once('exit', () => {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify(totals));
      });
    },
  };
}
