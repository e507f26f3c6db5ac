import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { StationNow } from '#contract/dashboard.ts';
import { levelName } from '../aqi.ts';
import { type EChartsOption, echarts, FONT } from '../charts/echarts.ts';
import { useLang } from '../i18n.ts';
import { declutter, type LabelOut, markerRect, type Placed, placeLabels } from '../map-declutter.ts';
import type { ColorBy } from '../map-legend.ts';
import { localName, townshipName } from '../names.ts';
import { stationColor, stationLevel, stationValueText } from '../pages/map-options.ts';
import { usePlaces } from '../places.ts';
import { unitOf } from './pollutant.tsx';

/** A marker's touch target (44 px, WCAG 2.5.5); the coloured disc inside is smaller. */
export const MARKER = 44;
/** How far a township name may move from its stations to find room, in px. */
const LABEL_REACH = 40;
const LABEL_H = 18;

interface Layout {
  markers: (Placed & { station: StationNow })[];
  labels: (LabelOut & { text: string })[];
}

/** Label width for the layout, before it is drawn: CJK characters are one em, others about 0.62 em. */
function labelWidth(text: string, fontPx: number): number {
  let w = 0;
  for (const ch of text) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? fontPx : fontPx * 0.62;
  return Math.ceil(w) + 8;
}

interface Props {
  stations: readonly StationNow[];
  by: ColorBy;
  selected: string | null;
  onSelect: (code: string) => void;
  option: EChartsOption;
  height: number;
}

/**
 * The map: ECharts draws Hebi's outline (SVG); stations are buttons laid over it at their pixel positions for
 * the current zoom and pan, spread apart with leader lines where they would overlap (map-declutter.ts), and
 * each township's name near its stations where there is room. Buttons give every station a 44 px target, a
 * name for screen readers and keyboard access, which symbols inside a chart have not.
 */
export function StationMap({ stations, by, selected, onSelect, option, height }: Props) {
  const { lang } = useLang();
  const places = usePlaces();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [layout, setLayout] = useState<Layout>({ markers: [], labels: [] });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const node = el.current as HTMLDivElement;
    const instance = echarts.init(node, undefined, { renderer: 'svg' });
    chart.current = instance;
    let frame = 0;
    // Zooming and panning move the stations: lay them out again once per frame.
    const relayout = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setVersion((v) => v + 1));
    };
    instance.on('georoam', relayout);
    const observer = new ResizeObserver(() => {
      instance.resize();
      relayout();
    });
    observer.observe(node);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      { textStyle: { fontFamily: FONT }, animation: false, ...option },
      { notMerge: true },
    );
    el.current?.setAttribute('data-drawn', 'true');
    setVersion((v) => v + 1);
  }, [option]);

  const located = useMemo(() => stations.filter((s) => s.lon !== null && s.lat !== null), [stations]);

  // `version` changes on a zoom, pan or resize of the chart: the pixels of every station change with it.
  useEffect(() => {
    const instance = chart.current;
    if (!instance || located.length === 0) return;
    const anchors = located.map((s) => {
      const [x, y] = instance.convertToPixel({ geoIndex: 0 }, [s.lon as number, s.lat as number]) as number[];
      return { id: s.code, x: x as number, y: y as number };
    });
    const placed = declutter(anchors, MARKER);
    const markers = placed.map((p, i) => ({ ...p, station: located[i] as StationNow }));
    // A township's name goes near its stations (the platform knows no other point of a township; no
    // township-level boundary data exists in the package registries, see map-page.tsx).
    const groups = new Map<string, { text: string; xs: number[]; ys: number[] }>();
    located.forEach((s, i) => {
      if (s.townshipId === null) return;
      const text = townshipName(places, s.townshipId, s.townshipName, lang) ?? s.townshipId;
      const g = groups.get(s.townshipId) ?? { text, xs: [], ys: [] };
      g.xs.push((anchors[i] as { x: number }).x);
      g.ys.push((anchors[i] as { y: number }).y);
      groups.set(s.townshipId, g);
    });
    const centres = [...groups.entries()].map(([id, g]) => ({
      id,
      text: g.text,
      x: g.xs.reduce((a, b) => a + b, 0) / g.xs.length,
      y: g.ys.reduce((a, b) => a + b, 0) / g.ys.length,
      w: labelWidth(g.text, 12),
      h: LABEL_H,
    }));
    // Townships with room around them first: a crowded centre gives up its names before an open one does.
    const room = (c: { x: number; y: number }) =>
      Math.min(...anchors.map((a) => Math.hypot(a.x - c.x, a.y - c.y) || Number.POSITIVE_INFINITY));
    const wanted = [...centres].sort((a, b) => room(b) - room(a));
    const box = { x: 0, y: 0, w: instance.getWidth(), h: instance.getHeight() };
    const labels = placeLabels(
      wanted,
      placed.map((p) => markerRect(p, MARKER)),
      LABEL_REACH,
      box,
    ).map((l, i) => ({ ...l, text: (wanted[i] as { text: string }).text }));
    setLayout({ markers, labels });
  }, [located, places, lang, version]);

  const unit = by === 'AQI' ? '' : ` ${unitOf(by)}`;
  // The wheel over a marker zooms the map as it does anywhere else: hand it to the chart under the marker.
  const forwardWheel = (e: WheelEvent) => {
    const target = el.current?.firstElementChild;
    if (!target || !(e.target as Element).closest('.station-marker')) return;
    e.preventDefault();
    target.dispatchEvent(new WheelEvent('wheel', e));
  };
  return (
    <div
      class="station-map"
      style={{ '--map-height': `${height}px` }}
      data-markers={layout.markers.length}
      onWheel={forwardWheel}
    >
      <div ref={el} class="chart" data-chart="map" />
      <svg class="leaders" aria-hidden="true" width="100%" height="100%">
        {layout.markers
          .filter((m) => m.moved)
          .map((m) => (
            <g key={m.id} data-leader={m.id}>
              <line x1={m.ax} y1={m.ay} x2={m.x} y2={m.y} />
              <circle cx={m.ax} cy={m.ay} r={3.5} style={{ fill: stationColor(m.station, by) }} />
            </g>
          ))}
      </svg>
      {layout.labels
        .filter((l) => !l.hidden)
        .map((l) => (
          <span
            key={l.id}
            class="township-label"
            data-township-label={l.id}
            style={{ left: `${l.x}px`, top: `${l.y}px`, width: `${l.w}px`, height: `${l.h}px` }}
          >
            {l.text}
          </span>
        ))}
      {layout.markers.map((m) => {
        const s = m.station;
        const name = localName(s, lang);
        const level = stationLevel(s, by);
        const value = stationValueText(s, by);
        const what = by === 'AQI' ? `AQI ${value} ${levelName(level, lang)}` : `${by} ${value}${unit}`;
        return (
          <button
            key={m.id}
            type="button"
            class={`station-marker status-${s.status}${m.id === selected ? ' selected' : ''}${level !== null && level <= 3 ? ' light' : ''}`}
            data-marker={m.id}
            data-moved={m.moved ? 'true' : 'false'}
            style={{ left: `${m.x - MARKER / 2}px`, top: `${m.y - MARKER / 2}px` }}
            aria-label={`${name} ${what}`}
            aria-pressed={m.id === selected}
            title={`${name} · ${what}`}
            onClick={() => onSelect(m.id)}
          >
            <span class="dot" style={{ background: stationColor(s, by) }}>
              {value}
            </span>
          </button>
        );
      })}
    </div>
  );
}
