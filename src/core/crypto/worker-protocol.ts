import type { SealErrorInfo } from '../errors.js';
import type { CryptoEngine, EngineOptions } from './engine.js';

/** Engine methods the main thread may call, and nothing else: the worker refuses any other name. */
export const ENGINE_METHODS = [
  'createIdentity',
  'unlock',
  'importBackup',
  'changePassphrase',
  'checkPassphrase',
  'inspectContactKey',
  'openRecordKey',
  'sealContacts',
  'encryptEnvelope',
  'decryptEnvelope',
  'encryptDraft',
  'decryptDraft',
  'signConsentReceipt',
  'signAuditSeal',
  'verifyDetached',
  'encryptChunk',
  'decryptChunk',
  'lock',
  'touch',
] as const;

/** One of {@link ENGINE_METHODS}. `lock` and `touch` are plain calls too. */
export type EngineMethod = (typeof ENGINE_METHODS)[number];

export type EngineArgs<M extends EngineMethod> = Parameters<CryptoEngine[M]>;
export type EngineResult<M extends EngineMethod> = Awaited<ReturnType<CryptoEngine[M]>>;

/** Errors cross the worker boundary as plain data, never as thrown objects. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SealErrorInfo };

export interface CryptoWorkerApi {
  configure(options: EngineOptions, onAutoLock: () => void): void;
  run<M extends EngineMethod>(method: M, args: EngineArgs<M>): Promise<Outcome<EngineResult<M>>>;
}
