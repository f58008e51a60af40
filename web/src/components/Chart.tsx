import { useLayoutEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { plainNumber } from '../api.ts';
// The axes' text in the page's family (style.css), not uPlot's default stack of seven named fonts before sans-serif:
// a fresh page resolves each name it is given before it draws, and most are not installed on Linux.
import { AXIS_FONT, AXIS_LABEL_FONT } from '../fonts.ts';
import { PALETTE } from '../palette.ts';

export interface SeriesSpec {
  label: string;
  color?: string;
  points?: boolean;
  step?: boolean;
  bars?: boolean;
  /** Decimals of the legend's value (see decimalsFor); absent: uPlot's default. */
  decimals?: number;
}

/**
 * Decimals that tell apart the closest two distinct values (one more than the gap's first significant digit), at
 * least 2 and at most 12: a run whose gains are in the 4th decimal shows them, one whose scores are integers does not
 * get noise.
 */
export function decimalsFor(values: readonly (number | null)[]): number {
  const distinct = [...new Set(values.filter((v): v is number => v !== null && Number.isFinite(v)))].sort((a, b) => a - b);
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < distinct.length; i++) gap = Math.min(gap, distinct[i] - distinct[i - 1]);
  if (!Number.isFinite(gap) || gap <= 0) return 2;
  return Math.min(12, Math.max(2, Math.ceil(-Math.log10(gap)) + 1));
}

const axisValues = (_u: uPlot, splits: number[]) => splits.map((v) => (v === null || v === undefined ? '' : plainNumber(v)));

/**
 * The x range: the data's own, one unit wide when every x is the same. uPlot pads such data to 0–100 before asking
 * (a cost axis of a run where every sample cost $0 spanned $0–100), so read the data, not the arguments, for that case.
 */
function xRange(u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
  const xs = u.data[0] as ArrayLike<number>;
  if (xs.length > 0 && xs[0] === xs[xs.length - 1]) return [xs[0], xs[0] + 1];
  return min === null || max === null ? [0, 1] : [min, max];
}

/**
 * The y range of data whose every value is the same (a cost of $0 on every sample): one unit from zero to past the
 * value, where uPlot would pad it to 0–100. Undefined otherwise: uPlot's own range.
 */
export function flatRange(series: readonly (readonly (number | null)[])[]): [number, number] | undefined {
  let value: number | null = null;
  for (const ys of series) {
    for (const y of ys) {
      if (y === null || y === undefined) continue;
      if (value === null) value = y;
      else if (y !== value) return undefined;
    }
  }
  return value === null ? undefined : [Math.min(value, 0), Math.max(value, 0) + 1];
}

/**
 * uPlot.paths.stepped({ align: 1 }) across gaps, through only the samples where the value changes: the same picture,
 * but a best-so-far line over 5,000 samples is a few hundred segments instead of 10,000, and the overview's first
 * draw is that much shorter (bench/ui.ts).
 */
const changeSteps: uPlot.Series.PathBuilder = (u, seriesIdx, idx0, idx1) => {
  const xs = u.data[0] as ArrayLike<number>;
  const ys = u.data[seriesIdx] as ArrayLike<number | null | undefined>;
  const scale = u.series[seriesIdx].scale ?? 'y';
  const px = (x: number) => Math.round(u.valToPos(x, 'x', true));
  const py = (y: number) => Math.round(u.valToPos(y, scale, true));
  const stroke = new Path2D();
  let last: number | null = null;
  let lastX = 0;
  for (let i = idx0; i <= idx1; i++) {
    const y = ys[i];
    if (y === null || y === undefined) continue;
    if (last === null) stroke.moveTo(px(xs[i]), py(y));
    else if (y !== last) {
      const x = px(xs[i]);
      stroke.lineTo(x, py(last));
      stroke.lineTo(x, py(y));
    }
    last = y;
    lastX = xs[i];
  }
  if (last !== null) stroke.lineTo(px(lastX), py(last));
  return { stroke, flags: 0 };
};

/**
 * Points as small squares in one path: about half the raster work of uPlot's circles (5,000 in a fresh page: 12–24 ms
 * against 20–40).
 */
function squarePoints(size: number): uPlot.Series.Points.PathBuilder {
  return (u, seriesIdx, idx0, idx1) => {
    const xs = u.data[0] as ArrayLike<number>;
    const ys = u.data[seriesIdx] as ArrayLike<number | null | undefined>;
    const scale = u.series[seriesIdx].scale ?? 'y';
    const side = size * uPlot.pxRatio;
    const fill = new Path2D();
    for (let i = idx0; i <= idx1; i++) {
      const y = ys[i];
      if (y === null || y === undefined) continue;
      fill.rect(Math.round(u.valToPos(xs[i], 'x', true) - side / 2), Math.round(u.valToPos(y, scale, true) - side / 2), side, side);
    }
    return { fill, flags: 0 };
  };
}

/** A uPlot line chart: `data[0]` is x, then one array per series. The plot is on the element as `uplot` (tests read it). */
export function Chart(props: { title: string; xLabel: string; series: SeriesSpec[]; data: (number | null)[][]; height?: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  // A layout effect: the plot is made in the same task as the view's elements and painted with them, not a frame later.
  useLayoutEffect(() => {
    if (!el.current) return;
    const width = Math.max(300, el.current.clientWidth || 600);
    const flat = flatRange(props.data.slice(1));
    const opts: uPlot.Options = {
      title: props.title,
      width,
      height: props.height ?? 240,
      scales: { x: { time: false, range: xRange }, ...(flat && { y: { range: flat } }) },
      axes: [
        { label: props.xLabel, values: axisValues, font: AXIS_FONT, labelFont: AXIS_LABEL_FONT },
        { values: axisValues, font: AXIS_FONT, labelFont: AXIS_LABEL_FONT },
      ],
      series: [
        { label: props.xLabel, value: (_u: uPlot, v: number | null) => (v === null ? '—' : plainNumber(v)) },
        ...props.series.map((s, i) => ({
          label: s.label,
          stroke: s.color ?? PALETTE[i % PALETTE.length],
          width: s.points ? 0 : 2,
          fill: s.bars ? `${s.color ?? PALETTE[i % PALETTE.length]}99` : undefined,
          // A points series draws no line (it has no width): no path to build either.
          paths: s.bars
            ? uPlot.paths.bars!({ size: [0.8 / Math.max(1, props.series.length), 60], align: 1 })
            : s.step
              ? changeSteps
              : s.points
                ? () => null
                : undefined,
          points: s.points ? { show: true, size: 3, fill: s.color ?? PALETTE[i % PALETTE.length], paths: squarePoints(3) } : { show: false },
          spanGaps: !s.points,
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : s.decimals === undefined ? plainNumber(v) : v.toFixed(s.decimals)),
        })),
      ],
    };
    const plot = new uPlot(opts, props.data as uPlot.AlignedData, el.current);
    Object.assign(el.current, { uplot: plot });
    return () => plot.destroy();
  }, [props.data, props.title]);
  return <div class="chart" ref={el} data-testid={props.testId} />;
}
