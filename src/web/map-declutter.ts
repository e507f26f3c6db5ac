/**
 * Where to draw station markers and township names on the map so that none hides another. Pure geometry in
 * screen pixels: the map component converts longitude/latitude to pixels at the current zoom and asks again
 * whenever the zoom changes, so stations that are far apart once zoomed in sit on their own positions.
 */

export interface Anchor {
  id: string;
  /** The true position, in pixels. */
  x: number;
  y: number;
}

export interface Placed {
  id: string;
  /** Where the marker is drawn. */
  x: number;
  y: number;
  /** Where the station is (the end of its leader line when moved). */
  ax: number;
  ay: number;
  moved: boolean;
}

/** 1 % more than touching, so that rounding never makes two neighbours on a ring overlap. */
const SLACK = 1.01;

function ringRadius(k: number, size: number): number {
  // Neighbours on a ring of k are 2R·sin(π/k) apart: at least one marker's width.
  return k < 2 ? 0 : (size / (2 * Math.sin(Math.PI / k))) * SLACK;
}

/** Members of a cluster on a ring around their centre, in the order of their true bearing from it. */
function layoutCluster(members: readonly Anchor[], size: number): Placed[] {
  if (members.length === 1) {
    const [m] = members as [Anchor];
    return [{ id: m.id, x: m.x, y: m.y, ax: m.x, ay: m.y, moved: false }];
  }
  const cx = members.reduce((s, m) => s + m.x, 0) / members.length;
  const cy = members.reduce((s, m) => s + m.y, 0) / members.length;
  const bearing = (m: Anchor) => Math.atan2(m.y - cy, m.x - cx);
  const sorted = [...members].sort((a, b) => bearing(a) - bearing(b) || (a.id < b.id ? -1 : 1));
  const r = ringRadius(sorted.length, size);
  const start = bearing(sorted[0] as Anchor);
  return sorted.map((m, j) => {
    const angle = start + (2 * Math.PI * j) / sorted.length;
    return {
      id: m.id,
      x: cx + r * Math.cos(angle),
      y: cy + r * Math.sin(angle),
      ax: m.x,
      ay: m.y,
      moved: true,
    };
  });
}

/**
 * Markers `size` px wide (round, or square hit areas of that width) that do not overlap: a marker that would
 * touch another is moved, with the ones it touches, onto a ring around their common centre (a "spider"), and
 * keeps a leader line to its true position. Clusters that then touch are merged and laid out again, so the loop
 * ends after at most n − 1 merges, and on one ring nothing overlaps. Markers alone stay where they are.
 */
export function declutter(anchors: readonly Anchor[], size: number): Placed[] {
  let clusters: Anchor[][] = anchors.map((a) => [a]);
  let placed: Placed[][] = clusters.map((c) => layoutCluster(c, size));
  for (;;) {
    const hit = firstCollision(placed, size);
    if (!hit) break;
    const [i, j] = hit;
    const merged = [...(clusters[i] as Anchor[]), ...(clusters[j] as Anchor[])];
    clusters = clusters.filter((_, k) => k !== i && k !== j).concat([merged]);
    placed = placed.filter((_, k) => k !== i && k !== j).concat([layoutCluster(merged, size)]);
  }
  const byId = new Map(placed.flat().map((p) => [p.id, p]));
  return anchors.map((a) => byId.get(a.id) as Placed);
}

/** Two clusters with markers closer than `size`, if any. */
function firstCollision(placed: readonly Placed[][], size: number): [number, number] | null {
  for (let i = 0; i < placed.length; i++)
    for (let j = i + 1; j < placed.length; j++)
      for (const a of placed[i] as Placed[])
        for (const b of placed[j] as Placed[]) if (Math.hypot(a.x - b.x, a.y - b.y) < size) return [i, j];
  return null;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LabelIn {
  id: string;
  /** Where the label would like to be centred. */
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LabelOut extends Rect {
  id: string;
  /** No free place near its anchor at this zoom: the label is not drawn (zooming in frees room). */
  hidden: boolean;
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** A square of side `size` centred on a marker. */
export function markerRect(p: { x: number; y: number }, size: number): Rect {
  return { x: p.x - size / 2, y: p.y - size / 2, w: size, h: size };
}

const inside = (r: Rect, b: Rect) =>
  r.x >= b.x && r.y >= b.y && r.x + r.w <= b.x + b.w && r.y + r.h <= b.y + b.h;

/**
 * Names that cover neither a marker nor each other, inside `bounds` (the map's box) when given: each label
 * tries its anchor, then places below, above, right and left of it at growing distances up to `reach` px, and
 * is hidden when none is free (zooming in makes room). Labels are placed in the order given (put the important
 * ones first).
 */
export function placeLabels(
  labels: readonly LabelIn[],
  obstacles: readonly Rect[],
  reach: number,
  bounds?: Rect,
): LabelOut[] {
  const taken: Rect[] = [...obstacles];
  return labels.map((l) => {
    for (const [dx, dy] of candidateShifts(l, reach)) {
      const r = { x: l.x - l.w / 2 + dx, y: l.y - l.h / 2 + dy, w: l.w, h: l.h };
      if ((!bounds || inside(r, bounds)) && !taken.some((t) => overlaps(r, t))) {
        taken.push(r);
        return { id: l.id, ...r, hidden: false };
      }
    }
    return { id: l.id, x: l.x - l.w / 2, y: l.y - l.h / 2, w: l.w, h: l.h, hidden: true };
  });
}

function candidateShifts(l: LabelIn, reach: number): [number, number][] {
  const out: [number, number][] = [[0, 0]];
  const step = Math.max(4, l.h / 2);
  for (let d = step; d <= reach; d += step) {
    // Sideways the label moves by its half-width more, so that its near end is `d` from the anchor.
    const dx = d + l.w / 2 - l.h / 2;
    out.push([0, d], [0, -d], [dx, 0], [-dx, 0]);
  }
  return out;
}
