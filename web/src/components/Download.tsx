import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

/**
 * The download mark: ↓ (U+2193), which system UI fonts have. ⤓ (U+2913), used before, is missing from most of them
 * (DejaVu Sans here): the browser looked for a fallback font and loaded a second font file on every cold load of a
 * view with a chart, or drew a box where none has it.
 */
const MARK = '↓';

/** A link to an API download (the server names the file in Content-Disposition; the token travels in the cookie). */
export function DownloadLink(props: { href: string; testId?: string; children: ComponentChildren }) {
  return (
    <a class="download" href={props.href} download data-testid={props.testId}>
      {MARK} {props.children}
    </a>
  );
}

/**
 * A chart's canvas as a PNG: uPlot draws transparent, so the copy is painted on the page's chart background first
 * (the colour the reader saw, light or dark).
 */
export function canvasPng(canvas: HTMLCanvasElement, background: string): string {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const g = out.getContext('2d')!;
  g.fillStyle = background;
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(canvas, 0, 0);
  return out.toDataURL('image/png');
}

/**
 * Download buttons for the chart inside it: PNG from its canvas, SVG from the server (report/svg.ts draws the same
 * series). To add them to another view's chart, wrap it: `<ChartDownloads name=… svg=…><Chart …/></ChartDownloads>`.
 */
export function ChartDownloads(props: { name: string; svg: string; children: ComponentChildren }) {
  const box = useRef<HTMLDivElement>(null);
  const png = () => {
    const canvas = box.current?.querySelector('canvas');
    if (!canvas) return;
    const a = document.createElement('a');
    a.href = canvasPng(
      canvas,
      getComputedStyle(box.current as HTMLElement)
        .getPropertyValue('--chart-bg')
        .trim() || 'white',
    );
    a.download = `${props.name}.png`;
    a.click();
  };
  return (
    <div class="chart-downloads" ref={box}>
      {props.children}
      <p class="downloads">
        <button type="button" class="link" onClick={png} data-testid={`${props.name}-png`}>
          {MARK} PNG
        </button>{' '}
        <DownloadLink href={props.svg} testId={`${props.name}-svg`}>
          SVG
        </DownloadLink>
      </p>
    </div>
  );
}
