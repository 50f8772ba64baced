// Every kind of audit entry reads as a sentence in each shipped language, never as its raw kind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUDIT_KINDS } from '../../src/core/audit/audit-types.js';
import { auditStrings } from '../../src/elements/audit-log/audit-log.strings.js';
import { setLocale } from '../../src/localize/localize.js';

const VALUES = { name: 'Dr. Lee', names: 'Dr. Lee', count: 3, version: '2026-11', failures: 2 };

describe('audit log wording', () => {
  for (const locale of ['en', 'es'] as const) {
    it(`describes every kind of entry in ${locale}`, () => {
      setLocale(locale);
      try {
        for (const kind of AUDIT_KINDS) {
          const text = auditStrings().entry(kind, VALUES);
          assert.notEqual(text, kind, `${kind} has no ${locale} wording`);
          assert.ok(text.length > 10, `${kind}: ${text}`);
        }
      } finally {
        setLocale('en');
      }
    });
  }
});
