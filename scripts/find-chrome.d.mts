/** Path of a Chrome or Chromium binary: CHROME_PATH if set (null when it does not exist), else the first usual install path found. */
export function findChrome(): string | null;

/** Flags that let headless Chromium run as root on a machine without a network. */
export const CHROME_ARGS: string[];
