import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Anchor, declutter, markerRect, overlaps, placeLabels } from './map-declutter.ts';

const SIZE = 44;

/** Up to 20 stations anywhere in a phone-sized map, often on top of each other. */
const anchors = fc
  .array(
    fc.record({
      x: fc.oneof(fc.double({ min: 0, max: 400, noNaN: true }), fc.constantFrom(100, 101, 102)),
      y: fc.oneof(fc.double({ min: 0, max: 500, noNaN: true }), fc.constantFrom(200, 201)),
    }),
    { maxLength: 20 },
  )
  .map((ps) => ps.map((p, i): Anchor => ({ id: `S${i}`, ...p })));

describe('declutter', () => {
  it('no two markers overlap, whatever the stations', () => {
    fc.assert(
      fc.property(anchors, (as) => {
        const out = declutter(as, SIZE);
        for (let i = 0; i < out.length; i++)
          for (let j = i + 1; j < out.length; j++) {
            const a = out[i] as Anchor;
            const b = out[j] as Anchor;
            expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(SIZE);
          }
      }),
    );
  });

  it('every station comes back once, with its true position as the leader line end', () => {
    fc.assert(
      fc.property(anchors, (as) => {
        const out = declutter(as, SIZE);
        expect(out.map((p) => p.id)).toEqual(as.map((a) => a.id));
        out.forEach((p, i) => {
          expect([p.ax, p.ay]).toEqual([as[i]?.x, as[i]?.y]);
          if (!p.moved) expect([p.x, p.y]).toEqual([p.ax, p.ay]);
        });
      }),
    );
  });

  it('a station with nobody within a marker width stays where it is', () => {
    fc.assert(
      fc.property(anchors, (as) => {
        const out = declutter(as, SIZE);
        as.forEach((a, i) => {
          const alone = as.every((b) => b === a || Math.hypot(a.x - b.x, a.y - b.y) >= 4 * SIZE);
          if (alone) expect(out[i]?.moved).toBe(false);
        });
      }),
    );
  });

  it('moves a marker no further than its cluster needs (a ring of all of them at most)', () => {
    fc.assert(
      fc.property(anchors, (as) => {
        const out = declutter(as, SIZE);
        const spread = Math.max(0, ...as.flatMap((a) => as.map((b) => Math.hypot(a.x - b.x, a.y - b.y))));
        const ring = as.length < 2 ? 0 : (SIZE / (2 * Math.sin(Math.PI / as.length))) * 1.01;
        for (const p of out)
          expect(Math.hypot(p.x - p.ax, p.y - p.ay)).toBeLessThanOrEqual(spread + ring + 1e-6);
      }),
    );
  });

  it('six urban stations 5–10 px apart open into a ring around their centre', () => {
    const city = [
      [114.297, 35.748],
      [114.3, 35.742],
      [114.315, 35.728],
      [114.285, 35.735],
      [114.28, 35.72],
      [114.27, 35.745],
    ].map(([lon, lat], i) => ({
      id: `C${i}`,
      x: ((lon as number) - 114.2) * 700,
      y: (35.8 - (lat as number)) * 700,
    }));
    const out = declutter(city, SIZE);
    expect(out.every((p) => p.moved)).toBe(true);
    const cx = city.reduce((s, c) => s + c.x, 0) / city.length;
    const cy = city.reduce((s, c) => s + c.y, 0) / city.length;
    const radii = out.map((p) => Math.hypot(p.x - cx, p.y - cy));
    expect(Math.max(...radii) - Math.min(...radii)).toBeLessThan(1e-6);
    expect(radii[0]).toBeCloseTo(SIZE * 1.01, 5);
  });

  it('two markers exactly on top of each other are split side by side', () => {
    const out = declutter(
      [
        { id: 'A', x: 50, y: 50 },
        { id: 'B', x: 50, y: 50 },
      ],
      SIZE,
    );
    expect(Math.hypot((out[0]?.x ?? 0) - (out[1]?.x ?? 0), (out[0]?.y ?? 0) - (out[1]?.y ?? 0))).toBeCloseTo(
      SIZE * 1.01,
    );
  });
});

describe('placeLabels', () => {
  const labels = fc
    .array(
      fc.record({
        x: fc.double({ min: 0, max: 400, noNaN: true }),
        y: fc.double({ min: 0, max: 500, noNaN: true }),
        w: fc.double({ min: 20, max: 120, noNaN: true }),
      }),
      { maxLength: 12 },
    )
    .map((ls) => ls.map((l, i) => ({ id: `L${i}`, ...l, h: 18 })));

  it('a shown name covers neither a marker nor another name', () => {
    fc.assert(
      fc.property(anchors, labels, (as, ls) => {
        const markers = declutter(as, SIZE).map((p) => markerRect(p, SIZE));
        const out = placeLabels(ls, markers, 60);
        const shown = out.filter((l) => !l.hidden);
        for (const l of shown) for (const m of markers) expect(overlaps(l, m)).toBe(false);
        for (let i = 0; i < shown.length; i++)
          for (let j = i + 1; j < shown.length; j++)
            expect(overlaps(shown[i] as never, shown[j] as never)).toBe(false);
      }),
    );
  });

  it('a name with room keeps its place; one moved stays within reach', () => {
    const out = placeLabels([{ id: 'A', x: 100, y: 100, w: 60, h: 18 }], [], 60);
    expect(out[0]).toMatchObject({ x: 70, y: 91, hidden: false });
    const moved = placeLabels(
      [{ id: 'A', x: 100, y: 100, w: 60, h: 18 }],
      [markerRect({ x: 100, y: 100 }, SIZE)],
      60,
    );
    expect(moved[0]?.hidden).toBe(false);
    expect(Math.abs((moved[0]?.y ?? 0) + 9 - 100)).toBeLessThanOrEqual(60);
  });

  it('a shown name stays inside the map', () => {
    const bounds = { x: 0, y: 0, w: 400, h: 500 };
    fc.assert(
      fc.property(anchors, labels, (as, ls) => {
        const markers = declutter(as, SIZE).map((p) => markerRect(p, SIZE));
        for (const l of placeLabels(ls, markers, 60, bounds).filter((x) => !x.hidden)) {
          expect(l.x).toBeGreaterThanOrEqual(0);
          expect(l.y).toBeGreaterThanOrEqual(0);
          expect(l.x + l.w).toBeLessThanOrEqual(400);
          expect(l.y + l.h).toBeLessThanOrEqual(500);
        }
      }),
    );
  });

  it('a name with no room near its anchor is hidden', () => {
    const wall = { x: 0, y: 0, w: 1000, h: 1000 };
    expect(placeLabels([{ id: 'A', x: 500, y: 500, w: 60, h: 18 }], [wall], 60)[0]?.hidden).toBe(true);
  });
});
