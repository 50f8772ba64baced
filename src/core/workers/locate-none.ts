/**
 * What the package's `#crypto-locate` and `#pdf-locate` imports resolve to under the `webpack`
 * condition (webpack follows `new Worker(new URL(…))` itself) and the `sealbox-no-locate` condition (a
 * bundle without lazy chunks whose application serves dist/workers/ with setBasePath): no locate
 * module, so none of a worker's code enters the page's bundle. See start-worker.ts.
 */
export const workerUrl: string | undefined = undefined;
