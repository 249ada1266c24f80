/**
 * Windowing for the customers table with TanStack Virtual (the window scrolls): of however many
 * rows are loaded, only those in or near the viewport are in the DOM, between two spacer rows
 * of the height of the rows left out. Rows are of one height (cells do not wrap), measured from
 * a rendered row.
 */
import { useWindowVirtualizer } from '@tanstack/vue-virtual';
import { computed, onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';

/** Extra rows rendered above and below the viewport, so fast scrolling never shows a gap. */
const OVERSCAN = 8;
const FALLBACK_ROW_PX = 45;

export function useVirtualRows(count: Ref<number>, body: Ref<HTMLElement | null>) {
  const rowHeight = ref(FALLBACK_ROW_PX);
  /** Where the table's body starts in the document: rows are placed from there. */
  const scrollMargin = ref(0);
  const virtualizer = useWindowVirtualizer<HTMLTableRowElement>(
    computed(() => ({
      count: count.value,
      estimateSize: () => rowHeight.value,
      overscan: OVERSCAN,
      scrollMargin: scrollMargin.value,
    })),
  );

  let frame = 0;
  function measure(): void {
    frame = 0;
    const el = body.value;
    if (!el) return;
    const margin = el.getBoundingClientRect().top + window.scrollY;
    if (Math.abs(margin - scrollMargin.value) > 0.5) scrollMargin.value = margin;
    const height = el.querySelector<HTMLElement>('tr[aria-rowindex]')?.getBoundingClientRect().height ?? 0;
    if (height > 0 && Math.abs(height - rowHeight.value) > 0.5) {
      rowHeight.value = height;
      virtualizer.value.measure();
    }
  }
  function schedule(): void {
    if (!frame) frame = requestAnimationFrame(measure);
  }

  onMounted(() => {
    window.addEventListener('resize', schedule, { passive: true });
    measure();
  });
  onBeforeUnmount(() => {
    window.removeEventListener('resize', schedule);
    cancelAnimationFrame(frame);
  });
  watch(count, () => schedule(), { flush: 'post' });

  const items = computed(() => virtualizer.value.getVirtualItems());
  const start = computed(() => items.value[0]?.index ?? 0);
  const end = computed(() => {
    const last = items.value.at(-1);
    return last ? last.index + 1 : 0;
  });

  return {
    start,
    end,
    /** Re-measure after something changed the rows' height or place (columns, Notes mode). */
    refresh: () => schedule(),
    padTop: computed(() => Math.max(0, (items.value[0]?.start ?? scrollMargin.value) - scrollMargin.value)),
    padBottom: computed(() => {
      const last = items.value.at(-1);
      return Math.max(0, virtualizer.value.getTotalSize() - ((last?.end ?? scrollMargin.value) - scrollMargin.value));
    }),
  };
}
