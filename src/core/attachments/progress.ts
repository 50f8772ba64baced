/** How far sealing or opening one file has got. */
export interface AttachmentProgress {
  readonly attachmentId: string;
  /** Plaintext bytes done. */
  readonly processedBytes: number;
  /** Plaintext bytes in the file. */
  readonly totalBytes: number;
  /** Chunks done, of `chunks`. */
  readonly chunksDone: number;
  readonly chunks: number;
}
