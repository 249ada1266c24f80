/**
 * Windowing for the customers table with TanStack Virtual (the window scrolls): of however many
 * rows are loaded, only those in or near the viewport are in the DOM, each placed absolutely at
 * its own offset in a body as tall as all the rows. A row entering or leaving the window touches
 * no other row. Rows are of one height (cells do not wrap), measured from a rendered row.
 */
import { useWindowVirtualizer, type Range } from '@tanstack/vue-virtual';
import { computed, onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';

/** Extra rows rendered above and below the viewport, so fast scrolling never shows a gap. */
const OVERSCAN = 8;
const FALLBACK_ROW_PX = 45;

export interface WindowRow {
  index: number;
  /** Which of the rendered rows shows this one (see `slots`): a key for it. */
  slot: number;
  /** From the top of the body, in pixels. */
  offset: number;
}

export function useVirtualRows(count: Ref<number>, body: Ref<HTMLElement | null>) {
  const rowHeight = ref(FALLBACK_ROW_PX);
  /** Where the table's body starts in the document: rows are placed from there. */
  const scrollMargin = ref(0);
  /**
   * How many rows the window holds, kept steady (the window is widened to it) so that each
   * rendered row keeps a slot, and a row leaving the window hands its slot to the one entering,
   * which then only changes its text. It grows at once, and shrinks only when far more than
   * needed (a taller window made smaller), not with each row cut in half at the viewport's edge.
   */
  let slots = 0;
  const virtualizer = useWindowVirtualizer<HTMLElement>(
    computed(() => ({
      count: count.value,
      estimateSize: () => rowHeight.value,
      overscan: OVERSCAN,
      scrollMargin: scrollMargin.value,
      rangeExtractor: ({ startIndex, endIndex, overscan, count: total }: Range) => {
        const needed = Math.min(total, endIndex - startIndex + 1 + 2 * overscan);
        if (needed > slots || needed < slots - overscan) slots = needed;
        const first = Math.max(0, Math.min(startIndex - overscan, total - slots));
        return Array.from({ length: Math.min(slots, total - first) }, (_, i) => first + i);
      },
    })),
  );

  let frame = 0;
  function measure(): void {
    frame = 0;
    const el = body.value;
    if (!el) return;
    const margin = el.getBoundingClientRect().top + window.scrollY;
    if (Math.abs(margin - scrollMargin.value) > 0.5) scrollMargin.value = margin;
    const height = el.querySelector<HTMLElement>('[aria-rowindex]')?.getBoundingClientRect().height ?? 0;
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

  const rows = computed<WindowRow[]>(() =>
    virtualizer.value
      .getVirtualItems()
      .map((item) => ({ index: item.index, slot: item.index % slots, offset: item.start - scrollMargin.value })),
  );

  return {
    rows,
    /** The index after the last rendered row. */
    end: computed(() => (rows.value.at(-1)?.index ?? -1) + 1),
    /** The height of all the rows, rendered or not. */
    totalHeight: computed(() => virtualizer.value.getTotalSize()),
    /** Re-measure after something changed the rows' height or place (columns, Notes mode). */
    refresh: () => schedule(),
  };
}
