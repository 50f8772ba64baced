// A @web/test-runner plugin: the crypto engine (src/core/crypto/) gets 'openpgp/lightweight' through
// test/helpers/openpgp-test-kdf.ts, which lowers the iterated S2K count for tests. Identity creation
// and unlocking dominate many tests otherwise (about 2 s each on a busy 2-core machine).
const ENGINE = /\/src\/core\/crypto\/[^/]+\.ts$/;
const SHIM = '/test/helpers/openpgp-test-kdf.ts';

export function testKdfPlugin() {
  return {
    name: 'sealbox-test-kdf',
    resolveImport({ source, context }) {
      if (source === 'openpgp/lightweight' && ENGINE.test(context.path)) return SHIM;
      return undefined;
    },
  };
}
