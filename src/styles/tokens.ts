import { css } from 'lit';

/**
 * Design tokens. Portals theme Sealbox by setting `--seal-*` custom properties on any ancestor (or
 * through `<seal-provider theme>`); elements read them through private `--_*` variables with these
 * light-theme defaults, so every element also works on its own.
 */
export const tokens = css`
  :host {
    --_color-text: var(--seal-color-text, #1d2433);
    --_color-text-muted: var(--seal-color-text-muted, #4a5468);
    --_color-surface: var(--seal-color-surface, #ffffff);
    --_color-surface-raised: var(--seal-color-surface-raised, #f3f5f9);
    --_color-surface-selected: var(--seal-color-surface-selected, #e1eef5);
    --_color-border: var(--seal-color-border, #8d97a8);
    --_color-border-subtle: var(--seal-color-border-subtle, #d5dbe5);
    --_color-primary: var(--seal-color-primary, #0b5c7d);
    --_color-on-primary: var(--seal-color-on-primary, #ffffff);
    --_color-focus: var(--seal-color-focus, #b35c00);
    --_color-success: var(--seal-color-success, #176b32);
    --_color-warning: var(--seal-color-warning, #8a4700);
    --_color-danger: var(--seal-color-danger, #b42318);
    --_color-danger-surface: var(--seal-color-danger-surface, #fdecea);
    --_color-warning-surface: var(--seal-color-warning-surface, #fff4e0);
    --_font-family: var(--seal-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-family-mono: var(--seal-font-family-mono, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
    --_font-size: var(--seal-font-size, 1rem);
    --_font-size-small: var(--seal-font-size-small, 0.875rem);
    --_font-size-large: var(--seal-font-size-large, 1.25rem);
    --_space-xs: var(--seal-space-xs, 0.25rem);
    --_space-s: var(--seal-space-s, 0.5rem);
    --_space-m: var(--seal-space-m, 1rem);
    --_space-l: var(--seal-space-l, 1.5rem);
    --_radius: var(--seal-radius-m, 0.375rem);
    --_radius-s: var(--seal-radius-s, 0.25rem);
    --_transition: var(--seal-transition, 150ms ease);

    color: var(--_color-text);
    font-family: var(--_font-family);
    font-size: var(--_font-size);
    line-height: 1.45;
  }

  @media (prefers-reduced-motion: reduce) {
    :host {
      --_transition: 0s;
    }
  }
`;

/** Token values for the dark theme, applied by `<seal-provider theme="dark">` (or `auto`). */
export const darkThemeValues = css`
  --seal-color-text: #e6e9ef;
  --seal-color-text-muted: #aab3c2;
  --seal-color-surface: #161b24;
  --seal-color-surface-raised: #1f2632;
  --seal-color-surface-selected: #23384a;
  --seal-color-border: #7d889a;
  --seal-color-border-subtle: #323b4a;
  --seal-color-primary: #7cc6e6;
  --seal-color-on-primary: #0b1b24;
  --seal-color-focus: #ffb35c;
  --seal-color-success: #6fd08c;
  --seal-color-warning: #ffbf66;
  --seal-color-danger: #ff8a80;
  --seal-color-danger-surface: #3a1f1f;
  --seal-color-warning-surface: #3a2e1a;
  color-scheme: dark;
`;
