import type { SealTransport } from '../transport/transport.js';
import type { SecurityThresholds } from './audit/security-monitor.js';
import { resolveAttachmentLimits, type AttachmentLimits } from './attachments/limits.js';
import { MAX_CHUNK_SIZE } from './attachments/manifest.js';
import type { CryptoLimits, KeyProtection } from './crypto/limits.js';
import { SealError } from './errors.js';
import { isValidUserId } from './envelope.js';
import type { OutboxPolicy } from './store/outbox.js';
import type { LockoutPolicy } from './vault/lockout.js';
import type { SealWorkerFactory } from './workers/start-worker.js';

export interface SealClientOptions {
  /** The portal's backend adapter, signed in as `userId`. */
  readonly transport: SealTransport;
  /** The signed-in user's id, as the portal knows it. */
  readonly userId: string;
  /** Published next to the user's key, shown to correspondents. */
  readonly displayName?: string;
  readonly role?: string;
  /** IndexedDB database name; defaults to `sealbox:<userId>`. */
  readonly databaseName?: string;
  /** Lock after this long without activity (ms). Default 15 minutes; 0 disables. */
  readonly autoLockMs?: number;
  readonly lockout?: Partial<LockoutPolicy>;
  readonly outbox?: Partial<OutboxPolicy>;
  readonly limits?: Partial<CryptoLimits>;
  /** How the private key is protected at rest. Default `argon2`. */
  readonly keyProtection?: KeyProtection;
  /** Poll the mailbox this often (ms) when the transport has no realtime subscription. Default 30 s; 0 disables. */
  readonly pollIntervalMs?: number;
  /** When local security alerts fire (failed unlocks, decryption bursts). */
  readonly securityThresholds?: Partial<SecurityThresholds>;
  /**
   * Starts Sealbox's workers yourself, when neither the default (the worker files next to the package's
   * modules, or the lazy chunk a bundler emitted for them) nor `setBasePath` fits your build or CSP.
   * Called with `'crypto'` (openpgp.js and the unlocked key) or `'pdf'` (the PDF preview's parser);
   * return a module worker started from `sealbox/dist/workers/<kind>.worker.js`.
   */
  readonly createWorker?: SealWorkerFactory;
  /** What files may be sent and opened: size, count per message, sniffed types. Defaults: 25 MiB, 5, documents and pictures. */
  readonly attachmentLimits?: Partial<AttachmentLimits>;
  /** Plaintext bytes per encrypted attachment chunk (upload and resume unit). Default 1 MiB, at most 4 MiB. */
  readonly attachmentChunkSize?: number;
}

const KNOWN = new Set([
  'transport',
  'userId',
  'displayName',
  'role',
  'databaseName',
  'autoLockMs',
  'lockout',
  'outbox',
  'limits',
  'keyProtection',
  'pollIntervalMs',
  'createWorker',
  'securityThresholds',
  'attachmentLimits',
  'attachmentChunkSize',
]);

/** Rejects unknown and ill-typed options early, with a message naming the option. */
export function checkOptions(options: SealClientOptions): void {
  if (!options || typeof options !== 'object') throw new SealError('INVALID_INPUT', 'createSealClient needs an options object');
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new SealError('INVALID_INPUT', `Unknown option "${key}"`);
  }
  const transport = options.transport as Partial<SealTransport> | undefined;
  for (const method of ['publishKey', 'lookupKey', 'send', 'fetch'] as const) {
    if (typeof transport?.[method] !== 'function') throw new SealError('INVALID_INPUT', `The transport must implement ${method}()`);
  }
  if (!isValidUserId(options.userId)) throw new SealError('INVALID_INPUT', 'userId must be a non-empty printable id without spaces');
  for (const key of ['autoLockMs', 'pollIntervalMs'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new SealError('INVALID_INPUT', `${key} must be a number of milliseconds`);
  }
  if (options.keyProtection !== undefined && options.keyProtection !== 'argon2' && options.keyProtection !== 'iterated') {
    throw new SealError('INVALID_INPUT', 'keyProtection must be "argon2" or "iterated"');
  }
  if (options.attachmentLimits !== undefined && (options.attachmentLimits === null || typeof options.attachmentLimits !== 'object')) {
    throw new SealError('INVALID_INPUT', 'attachmentLimits must be an object');
  }
  try {
    resolveAttachmentLimits(knownLimits(options.attachmentLimits));
  } catch (error) {
    if (!(error instanceof SealError)) throw error;
    throw new SealError('INVALID_INPUT', error.message.replace(/^limits\./, 'attachmentLimits.'));
  }
  const chunkSize = options.attachmentChunkSize;
  if (chunkSize !== undefined && !(Number.isSafeInteger(chunkSize) && chunkSize >= 1 && chunkSize <= MAX_CHUNK_SIZE)) {
    throw new SealError('INVALID_INPUT', `attachmentChunkSize must be a whole number of bytes from 1 to ${MAX_CHUNK_SIZE}`);
  }
}

function knownLimits(limits: Partial<AttachmentLimits> | undefined): Partial<AttachmentLimits> {
  for (const key of Object.keys(limits ?? {})) {
    if (!['maxFileBytes', 'maxFilesPerMessage', 'allowedTypes'].includes(key)) throw new SealError('INVALID_INPUT', `Unknown option "attachmentLimits.${key}"`);
  }
  return limits ?? {};
}
