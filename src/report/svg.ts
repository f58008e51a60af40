/** A small hand-written SVG line/scatter plot: no dependency, valid XML, readable in a browser or a Markdown viewer. */

export interface Series {
  name: string;
  points: [number, number][];
  /**
   * step: a best-so-far curve (held to the right edge); staircase: the boundary of a Pareto front, from its first
   * point to its last (points sorted by x); dots: one mark per point.
   */
  kind: 'step' | 'staircase' | 'dots';
  color: string;
  /** staircase: the corner between two points, across then up or down ('hv', the default) or up or down then across ('vh'). */
  corner?: 'hv' | 'vh';
  /** dots: the mark (a filled circle, or a ring drawn over what is beneath), its radius (default 2.5; ring 6). */
  shape?: 'circle' | 'ring';
  radius?: number;
  /** dots: a class on every mark, and a tooltip for each point (aligned with `points`). */
  className?: string;
  labels?: string[];
}

export interface Plot {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  width?: number;
  height?: number;
  /** A margin around the data, as a fraction of its range on each axis (a scatter's marks then clear the axes). */
  pad?: number;
}

export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/** Tick label: short, whatever the magnitude. */
const tick = (x: number) => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : String(Number(x.toPrecision(4))));

export function plotSvg(plot: Plot): string {
  const W = plot.width ?? 640;
  const H = plot.height ?? 320;
  const m = { left: 70, right: 20, top: 30, bottom: 45 };
  const all = plot.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  let [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  let [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - Math.abs(y0 || 1) * 0.1, y1 + Math.abs(y1 || 1) * 0.1];
  if (plot.pad) {
    [x0, x1] = [x0 - (x1 - x0) * plot.pad, x1 + (x1 - x0) * plot.pad];
    [y0, y1] = [y0 - (y1 - y0) * plot.pad, y1 + (y1 - y0) * plot.pad];
  }
  const sx = (x: number) => m.left + ((x - x0) / (x1 - x0)) * (W - m.left - m.right);
  const sy = (y: number) => H - m.bottom - ((y - y0) / (y1 - y0)) * (H - m.top - m.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(plot.title)}</title>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="13">${escapeXml(plot.title)}</text>`,
    `<line x1="${m.left}" y1="${H - m.bottom}" x2="${W - m.right}" y2="${H - m.bottom}" stroke="black"/>`,
    `<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${H - m.bottom}" stroke="black"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const x = x0 + ((x1 - x0) * i) / 4;
    const y = y0 + ((y1 - y0) * i) / 4;
    out.push(`<text x="${num(sx(x))}" y="${H - m.bottom + 15}" text-anchor="middle">${escapeXml(tick(x))}</text>`);
    out.push(`<text x="${m.left - 6}" y="${num(sy(y) + 4)}" text-anchor="end">${escapeXml(tick(y))}</text>`);
    out.push(`<line x1="${m.left}" y1="${num(sy(y))}" x2="${W - m.right}" y2="${num(sy(y))}" stroke="#eee"/>`);
  }
  out.push(`<text x="${W / 2}" y="${H - 8}" text-anchor="middle">${escapeXml(plot.xLabel)}</text>`);
  out.push(`<text x="14" y="${H / 2}" text-anchor="middle" transform="rotate(-90 14 ${H / 2})">${escapeXml(plot.yLabel)}</text>`);
  plot.series.forEach((s, i) => {
    const finite = ([x, y]: [number, number]) => Number.isFinite(x) && Number.isFinite(y);
    const pts = s.points.filter(finite);
    if (s.kind === 'dots') {
      const cls = s.className ? ` class="${escapeXml(s.className)}"` : '';
      const paint =
        s.shape === 'ring'
          ? `r="${s.radius ?? 6}" fill="none" stroke="${s.color}" stroke-width="2"`
          : `r="${s.radius ?? 2.5}" fill="${s.color}" fill-opacity="${s.className ? 0.9 : 0.6}"`;
      s.points.forEach((p, j) => {
        if (!finite(p)) return;
        const at = `<circle${cls} cx="${num(sx(p[0]))}" cy="${num(sy(p[1]))}" ${paint}`;
        const label = s.labels?.[j];
        out.push(label === undefined ? `${at}/>` : `${at}><title>${escapeXml(label)}</title></circle>`);
      });
    } else if (s.kind === 'staircase') {
      const sorted = [...pts].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      if (sorted.length) {
        const path: string[] = [`M${num(sx(sorted[0]![0]))},${num(sy(sorted[0]![1]))}`];
        for (const [x, y] of sorted.slice(1)) {
          if (s.corner === 'vh') path.push(`V${num(sy(y))}`, `H${num(sx(x))}`);
          else path.push(`H${num(sx(x))}`, `V${num(sy(y))}`);
        }
        out.push(`<path d="${path.join(' ')}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`);
      }
    } else if (pts.length) {
      // A best-so-far curve holds its value until the next improvement, and up to the last evaluation.
      const path: string[] = [`M${num(sx(pts[0]![0]))},${num(sy(pts[0]![1]))}`];
      for (let j = 1; j < pts.length; j++) path.push(`H${num(sx(pts[j]![0]))}`, `V${num(sy(pts[j]![1]))}`);
      path.push(`H${num(sx(x1))}`);
      out.push(`<path d="${path.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    }
    // Legend top-left: scores mostly rise, so that corner is the emptiest.
    out.push(`<rect x="${m.left + 10}" y="${m.top + i * 16}" width="10" height="10" fill="${s.color}"/>`);
    out.push(`<text x="${m.left + 25}" y="${m.top + i * 16 + 9}">${escapeXml(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
