/**
 * The first message every Sealbox worker posts, once its message handlers are in place: the page sends
 * it nothing before, so no message is lost while a worker is still loading its code, and a worker file
 * that loads but is not Sealbox's is told apart from one that works (see start-worker.ts).
 */
export const WORKER_LISTENING = 'sealbox-worker-listening';

/**
 * Whether this code runs in a worker. A build that groups modules into shared chunks can make a page
 * evaluate a worker's module too; there it must neither listen for messages nor post any.
 */
export const inWorker = (): boolean => !('document' in globalThis);
