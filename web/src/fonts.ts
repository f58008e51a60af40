// A fresh page looks each text style up (family, weight, size) the first time it lays text out in it, a few ms each
// on this machine, and a run page's first frame uses seven: until now in the render that follows its first answers.
// primeFonts lays them out in a hidden element while those answers are on their way, so that the render finds them
// looked up (the overview's first render, three A/Bs of 25–31 loads alternated: 247 → 239, 256 → 250 and 337 → 325
// ms; bench/ui-figures.md).

/** The page's family (style.css body, and uPlot's, which style.css makes inherit it). */
export const PAGE_FAMILY = 'system-ui, sans-serif';

/** The score chart's axis values and labels (canvas fonts: components/Chart.tsx). */
export const AXIS_FONT = `12px ${PAGE_FAMILY}`;
export const AXIS_LABEL_FONT = `bold ${AXIS_FONT}`;

/**
 * What a run page's first frame draws text in, as [weight, size]: the page's text, its bold (header, table heads) and
 * its h2, uPlot's legend heads (600) and title (bold 18px), and the chart's axes. test/ui/first-render.test.ts checks
 * the overview against this list.
 */
export const FIRST_FRAME_FONTS: readonly (readonly [weight: number, size: number])[] = [
  [400, 14],
  [700, 14],
  [600, 14],
  [700, 18],
  [700, 21],
  [400, 12],
  [700, 12],
];

/** Lays FIRST_FRAME_FONTS out in a hidden element at the next frame; the returned function removes it. */
export function primeFonts(): () => void {
  const primer = document.createElement('div');
  primer.setAttribute('aria-hidden', 'true');
  primer.style.cssText = 'position:absolute;top:0;left:0;visibility:hidden;pointer-events:none';
  for (const [weight, size] of FIRST_FRAME_FONTS) {
    const span = document.createElement('span');
    span.style.font = `${weight} ${size}px ${PAGE_FAMILY}`;
    span.textContent = 'Kaizen 0.123456789';
    primer.append(span);
  }
  document.body.append(primer);
  return () => primer.remove();
}
