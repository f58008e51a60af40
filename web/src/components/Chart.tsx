import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];

export interface SeriesSpec {
  label: string;
  color?: string;
  points?: boolean;
  step?: boolean;
  bars?: boolean;
}

/** A uPlot line chart: `data[0]` is x, then one array per series. */
export function Chart(props: { title: string; xLabel: string; series: SeriesSpec[]; data: (number | null)[][]; height?: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const width = Math.max(300, el.current.clientWidth || 600);
    const opts: uPlot.Options = {
      title: props.title,
      width,
      height: props.height ?? 240,
      scales: { x: { time: false } },
      axes: [{ label: props.xLabel }, {}],
      series: [
        { label: props.xLabel },
        ...props.series.map((s, i) => ({
          label: s.label,
          stroke: s.color ?? PALETTE[i % PALETTE.length],
          width: s.points ? 0 : 2,
          fill: s.bars ? `${s.color ?? PALETTE[i % PALETTE.length]}99` : undefined,
          paths: s.bars
            ? uPlot.paths.bars!({ size: [0.8 / Math.max(1, props.series.length), 60], align: 1 })
            : s.step
              ? uPlot.paths.stepped!({ align: 1 })
              : undefined,
          points: s.points ? { show: true, size: 4, fill: s.color ?? PALETTE[i % PALETTE.length] } : { show: false },
          spanGaps: !s.points,
        })),
      ],
    };
    const plot = new uPlot(opts, props.data as uPlot.AlignedData, el.current);
    return () => plot.destroy();
  }, [props.data, props.title]);
  return <div class="chart" ref={el} data-testid={props.testId} />;
}
