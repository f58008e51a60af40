/** A small hand-written SVG line/scatter plot: no dependency, valid XML, readable in a browser or a Markdown viewer. */

export interface Series {
  name: string;
  points: [number, number][];
  /** step: a best-so-far curve; dots: one mark per point. */
  kind: 'step' | 'dots';
  color: string;
}

export interface Plot {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  width?: number;
  height?: number;
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
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (s.kind === 'dots') {
      for (const [x, y] of pts) out.push(`<circle cx="${num(sx(x))}" cy="${num(sy(y))}" r="2.5" fill="${s.color}" fill-opacity="0.6"/>`);
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
