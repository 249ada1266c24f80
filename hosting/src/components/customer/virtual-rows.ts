/**
 * Windowing for the customers table: of however many rows are loaded, only those in or near the
 * viewport are in the DOM, between two spacer rows of the height of the rows left out. Rows are
 * of one height (cells do not wrap), measured from a rendered row. The page itself scrolls.
 */
import { computed, onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';

/** Extra rows rendered above and below the viewport, so fast scrolling never shows a gap. */
const OVERSCAN = 10;
/** The window moves in steps of this many rows, so small scrolls re-render nothing. */
const STEP = 8;
const FALLBACK_ROW_PX = 45;

export function useVirtualRows(count: Ref<number>, body: Ref<HTMLElement | null>) {
  const rowHeight = ref(FALLBACK_ROW_PX);
  const start = ref(0);
  const end = ref(Math.min(count.value, 40));
  let frame = 0;

  function measure(): void {
    const row = body.value?.querySelector<HTMLElement>('tr[aria-rowindex]');
    const height = row?.getBoundingClientRect().height ?? 0;
    if (height > 0 && Math.abs(height - rowHeight.value) > 0.5) rowHeight.value = height;
  }

  function update(): void {
    frame = 0;
    const el = body.value;
    const total = count.value;
    if (!el) return;
    measure();
    const h = rowHeight.value;
    // The body starts with the top spacer, so row i is at the body's top + i rows.
    const top = el.getBoundingClientRect().top;
    const viewport = window.innerHeight || document.documentElement.clientHeight;
    const first = Math.max(0, Math.floor((Math.floor(-top / h) - OVERSCAN) / STEP) * STEP);
    const last = Math.min(total, Math.max(first + 1, Math.ceil((Math.ceil((viewport - top) / h) + OVERSCAN) / STEP) * STEP));
    start.value = Math.min(first, Math.max(0, total - 1));
    end.value = total === 0 ? 0 : last;
  }

  function schedule(): void {
    if (!frame) frame = requestAnimationFrame(update);
  }

  onMounted(() => {
    window.addEventListener('scroll', schedule, { passive: true, capture: true });
    window.addEventListener('resize', schedule, { passive: true });
    update();
  });
  onBeforeUnmount(() => {
    window.removeEventListener('scroll', schedule, { capture: true });
    window.removeEventListener('resize', schedule);
    cancelAnimationFrame(frame);
  });
  watch(count, () => update(), { flush: 'post' });

  return {
    start,
    end,
    /** Re-measure after something changed the rows' height (columns, Notes mode). */
    refresh: () => schedule(),
    padTop: computed(() => start.value * rowHeight.value),
    padBottom: computed(() => Math.max(0, count.value - end.value) * rowHeight.value),
  };
}
