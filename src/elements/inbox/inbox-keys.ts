/**
 * Where a key moves the active row of the listbox (WAI-ARIA listbox pattern), or null for keys the
 * list does not handle. `page` is how many rows fit on screen.
 */
export function moveFor(key: string, current: number, count: number, page: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  const from = current < 0 ? -1 : current;
  switch (key) {
    case 'ArrowDown':
      return Math.min(from + 1, last);
    case 'ArrowUp':
      return from < 0 ? 0 : Math.max(from - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(Math.max(from, 0) + page, last);
    case 'PageUp':
      return Math.max(from - page, 0);
    default:
      return null;
  }
}
