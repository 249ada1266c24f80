import { onScopeDispose, ref, type Ref } from 'vue';

/** Whether a CSS media query matches, kept up to date; false where matchMedia is missing. */
export function useMediaQuery(query: string): Ref<boolean> {
  const matches = ref(false);
  if (typeof matchMedia !== 'function') return matches;
  const list = matchMedia(query);
  matches.value = list.matches;
  const update = (event: MediaQueryListEvent) => (matches.value = event.matches);
  list.addEventListener('change', update);
  onScopeDispose(() => list.removeEventListener('change', update));
  return matches;
}

/** The phone layout's breakpoint (AppLayout's bottom bar uses the same width). */
export const PHONE_QUERY = '(max-width: 760px)';

/** A touch screen without a fine pointer, where keyboard shortcut hints mean nothing. */
export const TOUCH_QUERY = '(pointer: coarse)';
