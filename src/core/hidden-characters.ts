/**
 * Characters that change how text around them reads without showing themselves: controls, format
 * characters (bidi overrides and isolates, zero-width, soft hyphen), line and paragraph separators,
 * white space other than U+0020 (tabs, no-break and wide spaces), unpaired surrogates. Text from a
 * sender or a directory (file names, people's names) never shows them as they are.
 */
export const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]|[^\S ]/gu;
