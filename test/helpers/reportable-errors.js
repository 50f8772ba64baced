// Loaded before the test framework on every test page. The runner reports results with
// structuredClone, which throws for DOM nodes: a failed `expect(activeElement).to.equal(button)` then
// ended the whole page as "the browser disconnected", hiding which assertion failed. A value that cannot
// be cloned is reported as a description of itself instead.
'use strict';

{
  const clone = window.structuredClone.bind(window);

  function described(value, seen) {
    if (value instanceof Node) {
      if (!(value instanceof Element)) return `#${value.nodeName.toLowerCase()}`;
      const id = value.id ? `#${value.id}` : '';
      const label = value.getAttribute('aria-label') ?? value.textContent?.trim().slice(0, 40) ?? '';
      return `<${value.localName}${id}>${label ? ` "${label}"` : ''}`;
    }
    if (typeof value === 'function' || typeof value === 'symbol') return String(value.name ?? value.toString());
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => described(item, seen));
    const out = {};
    for (const key of Object.keys(value)) out[key] = described(value[key], seen);
    for (const key of ['name', 'message', 'stack']) if (key in value && !(key in out)) out[key] = described(value[key], seen);
    return out;
  }

  window.structuredClone = (value, options) => {
    try {
      return clone(value, options);
    } catch {
      return clone(described(value, new WeakSet()), options);
    }
  };
}
