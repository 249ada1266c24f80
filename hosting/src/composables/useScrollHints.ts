import { onBeforeUnmount, ref, watch, type Ref } from 'vue';

/**
 * Whether a sideways-scrolling strip (the customer tabs on a phone) has more to show before or
 * after what is in view, kept current on scroll and resize, so the page can show a hint there.
 */
export function useScrollHints(strip: Ref<HTMLElement | null>) {
  const before = ref(false);
  const after = ref(false);
  let observer: ResizeObserver | null = null;

  function update(): void {
    const el = strip.value;
    if (!el) return;
    // A pixel of slack: zoomed pages report fractional widths.
    before.value = el.scrollLeft > 1;
    after.value = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
  }

  /** Scrolls most of a strip's width on, for a tap on the hint. */
  function scrollOn(direction: -1 | 1): void {
    const el = strip.value;
    el?.scrollBy({ left: direction * el.clientWidth * 0.8, behavior: 'smooth' });
  }

  function detach(el: HTMLElement): void {
    el.removeEventListener('scroll', update);
    observer?.disconnect();
    observer = null;
  }

  watch(
    strip,
    (el, old) => {
      if (old) detach(old);
      if (!el) return;
      el.addEventListener('scroll', update, { passive: true });
      if (typeof ResizeObserver !== 'undefined') {
        observer = new ResizeObserver(update);
        observer.observe(el);
      }
      update();
    },
    { flush: 'post' },
  );
  onBeforeUnmount(() => {
    if (strip.value) detach(strip.value);
  });

  return { before, after, update, scrollOn };
}
