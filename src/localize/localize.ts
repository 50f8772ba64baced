/**
 * Sealbox's localization layer. Every user-visible string of every element goes through `strings()`.
 * Each element declares its own catalogue with `defineStrings`, so the Spanish table must have every
 * English key (the type checker enforces it) and adding an element touches no shared file.
 *
 * The locale is global to Sealbox on the page and switchable at runtime: `setLocale('es')` re-renders
 * every Sealbox element. Sealbox keeps its own small layer instead of @lit/localize's global
 * configuration, so a portal that uses @lit/localize for its own pages is not affected.
 */

export const SUPPORTED_LOCALES = ['en', 'es'] as const;
export type SealLocale = (typeof SUPPORTED_LOCALES)[number];

type Template = string | ((...args: never[]) => string);
export type Catalog = Record<string, Template>;

export const LOCALE_CHANGE_EVENT = 'seal-locale-change';

let current: SealLocale = 'en';
const changes = new EventTarget();

export function isSupportedLocale(value: unknown): value is SealLocale {
  return SUPPORTED_LOCALES.includes(value as SealLocale);
}

/** The closest supported locale to a BCP 47 tag such as `es-MX`; English when none fits. */
export function matchLocale(tag: string | null | undefined): SealLocale {
  const language = (tag ?? '').toLowerCase().split('-')[0];
  return isSupportedLocale(language) ? language : 'en';
}

export function getLocale(): SealLocale {
  return current;
}

/** Switches every Sealbox element on the page to `locale` (an unsupported tag falls back by language). */
export function setLocale(locale: string): void {
  const next = matchLocale(locale);
  if (next === current) return;
  current = next;
  changes.dispatchEvent(new Event('change'));
  globalThis.document?.dispatchEvent(new CustomEvent(LOCALE_CHANGE_EVENT, { detail: { locale: next } }));
}

export function onLocaleChange(listener: () => void): () => void {
  changes.addEventListener('change', listener);
  return () => changes.removeEventListener('change', listener);
}

/**
 * Declares an element's strings: English is the source; every other locale must give every key, with
 * the same parameters.
 */
export function defineStrings<T extends Catalog>(catalogs: { en: T } & { [L in Exclude<SealLocale, 'en'>]: { [K in keyof T]: T[K] } }): () => T {
  return () => catalogs[current] as T;
}

/** Formats a date and time for the current locale. */
export function formatDateTime(iso: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : new Intl.DateTimeFormat(current, options).format(date);
}

/** A short time for lists: the time today, the date otherwise. */
export function formatListTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(current, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium' }).format(date);
}
