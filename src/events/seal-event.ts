/**
 * Base of every Sealbox DOM event: bubbling and composed so a portal can listen on any ancestor or on
 * `document`. The detail carries ids and metadata only, never plaintext, passphrases or keys, because
 * any script on the page can listen.
 */
export abstract class SealEvent<D extends object> extends Event {
  readonly detail: Readonly<D>;

  protected constructor(type: string, detail: D, options: { cancelable?: boolean } = {}) {
    super(type, { bubbles: true, composed: true, cancelable: options.cancelable ?? false });
    this.detail = Object.freeze({ ...detail });
  }
}
