import { useEffect, useRef } from 'preact/hooks';
import { type EChartsOption, echarts, FONT } from './echarts.ts';

export interface ChartProps {
  option: EChartsOption;
  height: number;
  /** Marks the container for tests and screenshots. */
  name: string;
  onClick?: (params: { seriesIndex?: number; dataIndex: number; data: unknown; name: string }) => void;
  /** Replace the whole option instead of merging (when series come and go). */
  replace?: boolean;
}

/** One ECharts instance in a div, resized with it, disposed with it. */
export function Chart({ option, height, name, onClick, replace = true }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const node = el.current as HTMLDivElement;
    const instance = echarts.init(node, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (p) => click.current?.(p as never));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(node);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      { textStyle: { fontFamily: FONT }, animation: false, ...option },
      { notMerge: replace },
    );
    el.current?.setAttribute('data-drawn', 'true');
  }, [option, replace]);

  return <div ref={el} class="chart" data-chart={name} style={{ height: `${height}px` }} />;
}
