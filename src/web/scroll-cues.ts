/**
 * Cues for boxes that scroll sideways (wide tables, the nav on a phone): each gets `data-overflow` (none, left,
 * right or both: the sides it can still scroll to), which the styles turn into a fade at the edge with more and
 * a 「左右滑动查看更多 →」 line; and the active item of a scrolling nav or tab list is brought into view. One observer for
 * the whole document, so pages only use the class names (`table-scroll` / `table-wrap`, `sticky-col`).
 */

export type Overflow = 'none' | 'left' | 'right' | 'both';

/** Which sides a box can still scroll to (1 px of slack for sub-pixel widths). */
export function overflowState(scrollLeft: number, clientWidth: number, scrollWidth: number): Overflow {
  if (scrollWidth <= clientWidth + 1) return 'none';
  const left = scrollLeft > 1;
  const right = scrollLeft + clientWidth < scrollWidth - 1;
  return left && right ? 'both' : left ? 'left' : right ? 'right' : 'none';
}

/** The scrollLeft that centres an item (offset `itemLeft` in the box's content), clamped to what can scroll. */
export function centredScrollLeft(
  itemLeft: number,
  itemWidth: number,
  clientWidth: number,
  scrollWidth: number,
): number {
  const want = itemLeft - (clientWidth - itemWidth) / 2;
  return Math.max(0, Math.min(Math.max(0, scrollWidth - clientWidth), want));
}

export const SCROLL_BOXES = '.table-scroll, .table-wrap, nav, [role="tablist"], [data-scroll-x]';
const TABLE_BOXES = '.table-scroll, .table-wrap';
const ACTIVE = '.active, [aria-current="page"], [aria-selected="true"]';

/** Starts watching `doc`; returns the function that stops. `hint` is the text shown over a table that scrolls. */
export function watchScrollCues(doc: Document, hint: string): () => void {
  const win = doc.defaultView as Window;
  const centred = new WeakMap<Element, { item: Element; width: number }>();
  const sized = new WeakSet<Element>();
  let frame = 0;

  const mark = (box: HTMLElement) => {
    const state = overflowState(box.scrollLeft, box.clientWidth, box.scrollWidth);
    if (box.dataset.overflow !== state) box.dataset.overflow = state;
    if (box.matches(TABLE_BOXES) && box.dataset.scrollHint !== hint) box.dataset.scrollHint = hint;
  };

  const update = () => {
    frame = 0;
    for (const box of doc.querySelectorAll<HTMLElement>(SCROLL_BOXES)) {
      if (!sized.has(box)) {
        sized.add(box);
        resize.observe(box);
      }
      const item = box.matches(TABLE_BOXES) ? null : box.querySelector<HTMLElement>(ACTIVE);
      const last = centred.get(box);
      // Centre the active item once per page (and again when the box changes width), never while the user scrolls.
      if (
        item &&
        (last?.item !== item || last.width !== box.clientWidth) &&
        box.scrollWidth > box.clientWidth
      ) {
        centred.set(box, { item, width: box.clientWidth });
        const itemBox = item.getBoundingClientRect();
        box.scrollLeft = centredScrollLeft(
          itemBox.left - box.getBoundingClientRect().left - box.clientLeft + box.scrollLeft,
          itemBox.width,
          box.clientWidth,
          box.scrollWidth,
        );
      }
      mark(box);
    }
  };
  const schedule = () => {
    if (!frame) frame = win.requestAnimationFrame(update);
  };
  const onScroll = (e: Event) => {
    const box = e.target;
    if (box instanceof HTMLElement && box.matches(SCROLL_BOXES)) mark(box);
  };

  const resize = new ResizeObserver(schedule);
  const mutations = new MutationObserver(schedule);
  mutations.observe(doc.body, { childList: true, subtree: true, characterData: true });
  doc.addEventListener('scroll', onScroll, { capture: true, passive: true });
  win.addEventListener('resize', schedule);
  schedule();
  return () => {
    if (frame) win.cancelAnimationFrame(frame);
    resize.disconnect();
    mutations.disconnect();
    doc.removeEventListener('scroll', onScroll, { capture: true });
    win.removeEventListener('resize', schedule);
  };
}
