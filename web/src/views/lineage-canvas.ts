// Draws a lineage tree on a 2D canvas with pan, zoom, hover and click. Thousands of nodes: one path per colour and one
// for all edges, only what is on screen, redrawn once per animation frame at most (Cytoscape took seconds per frame
// at 5,000 programs; see bench/ui.ts).

export interface DrawNode {
  id: number;
  x: number;
  y: number;
  /** Index of the parent in the node list, -1 for none. */
  parent: number;
  colour: string;
  muted: boolean;
  champion: boolean;
}

export interface CanvasEvents {
  hover(id: number | null): void;
  open(id: number): void;
  /** After each frame is drawn (the first one marks the view ready). */
  drawn(): void;
}

const EDGE = '#cbd5e1';
const CHAMPION = '#f59e0b';
/** Pointer travel (px) under which a press and release is a click, not a pan. */
const CLICK_SLOP = 4;

export class LineageCanvas {
  private nodes: DrawNode[] = [];
  private readonly index = new Map<number, number>();
  /** Nodes grouped by colour and muting: one fill per group. */
  private groups = new Map<string, number[]>();
  /** Screen = world × k + (tx, ty), in CSS pixels. */
  private k = 1;
  private tx = 0;
  private ty = 0;
  private minK = 0.001;
  private frame = 0;
  private width = 0;
  private height = 0;
  private fitted = false;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly resize: ResizeObserver;
  private readonly detach: () => void;
  private readonly canvas: HTMLCanvasElement;
  private readonly events: CanvasEvents;

  constructor(canvas: HTMLCanvasElement, events: CanvasEvents) {
    this.canvas = canvas;
    this.events = events;
    this.ctx = canvas.getContext('2d')!;
    this.resize = new ResizeObserver(() => this.request());
    this.resize.observe(canvas);
    this.detach = this.listen();
  }

  /** Replaces every node (positions in world units) and fits the view to them. */
  setNodes(nodes: DrawNode[]): void {
    this.nodes = nodes;
    this.index.clear();
    nodes.forEach((n, i) => {
      this.index.set(n.id, i);
    });
    this.regroup();
    this.fitted = false;
    this.request();
  }

  /** A node that arrived live, placed under its parent. */
  add(node: Omit<DrawNode, 'x' | 'y' | 'parent'>, parentId: number | null): void {
    const p = parentId === null ? -1 : (this.index.get(parentId) ?? -1);
    const siblings = p < 0 ? 0 : this.nodes.filter((n) => n.parent === p).length;
    const base = p < 0 ? { x: 0, y: -40 } : this.nodes[p];
    this.index.set(node.id, this.nodes.length);
    this.nodes.push({ ...node, x: base.x + 12 * siblings, y: base.y + 40, parent: p });
    this.regroup();
    this.request();
  }

  has(id: number): boolean {
    return this.index.has(id);
  }

  /** New colours (and muting) for every node. */
  recolour(style: (id: number) => { colour: string; muted: boolean }): void {
    for (const n of this.nodes) Object.assign(n, style(n.id));
    this.regroup();
    this.request();
  }

  fit(pad = 20): void {
    this.fitTransform(pad);
    this.request();
  }

  private fitTransform(pad = 20): void {
    if (!this.nodes.length || !this.width) return;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const n of this.nodes) {
      x0 = Math.min(x0, n.x);
      x1 = Math.max(x1, n.x);
      y0 = Math.min(y0, n.y);
      y1 = Math.max(y1, n.y);
    }
    const k = Math.min((this.width - 2 * pad) / Math.max(1, x1 - x0), (this.height - 2 * pad) / Math.max(1, y1 - y0), 2);
    this.k = k;
    this.minK = k / 4;
    this.tx = (this.width - k * (x0 + x1)) / 2;
    this.ty = (this.height - k * (y0 + y1)) / 2;
  }

  /** Zooms by `factor` keeping the point under (sx, sy) (CSS pixels in the canvas) in place. */
  zoomAt(factor: number, sx: number, sy: number): void {
    const k = Math.min(8, Math.max(this.minK, this.k * factor));
    this.tx = sx - ((sx - this.tx) * k) / this.k;
    this.ty = sy - ((sy - this.ty) * k) / this.k;
    this.k = k;
    this.request();
  }

  /** Centres node `id` at zoom `k` (tests and keyboard use). */
  centre(id: number, k = this.k): void {
    const n = this.nodes[this.index.get(id) ?? -1];
    if (!n) return;
    this.k = k;
    this.tx = this.width / 2 - n.x * k;
    this.ty = this.height / 2 - n.y * k;
    this.request();
  }

  /** Where node `id` is drawn, in page coordinates (null: unknown id). */
  screenPosition(id: number): { x: number; y: number } | null {
    const n = this.nodes[this.index.get(id) ?? -1];
    if (!n) return null;
    const box = this.canvas.getBoundingClientRect();
    return { x: box.left + n.x * this.k + this.tx, y: box.top + n.y * this.k + this.ty };
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.resize.disconnect();
    this.detach();
  }

  /** The node drawn nearest (sx, sy), within a few pixels of it. */
  nodeAt(sx: number, sy: number): number | null {
    const reach = Math.max(6, this.size());
    let best = -1;
    let bestD = reach * reach;
    this.nodes.forEach((n, i) => {
      const dx = n.x * this.k + this.tx - sx;
      const dy = n.y * this.k + this.ty - sy;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    });
    return best < 0 ? null : this.nodes[best].id;
  }

  private regroup(): void {
    const groups = new Map<string, number[]>();
    this.nodes.forEach((n, i) => {
      const key = `${n.muted ? 'm' : 'c'}${n.colour}`;
      const list = groups.get(key);
      if (list) list.push(i);
      else groups.set(key, [i]);
    });
    this.groups = groups;
  }

  /** A node's side on screen: 8 world units, kept between 2.5 and 10 px whatever the zoom. */
  private size(): number {
    return Math.min(10, Math.max(2.5, 8 * this.k));
  }

  private request(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.frame = 0;
    const { canvas, ctx } = this;
    const dpr = devicePixelRatio || 1;
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    if (w !== this.width || h !== this.height || canvas.width !== Math.round(w * dpr)) {
      this.width = w;
      this.height = h;
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    if (!this.fitted && w > 0 && this.nodes.length) {
      this.fitted = true;
      this.fitTransform();
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const { k, tx, ty, nodes } = this;
    const sx = (n: DrawNode) => n.x * k + tx;
    const sy = (n: DrawNode) => n.y * k + ty;
    const margin = 12;
    const visible = (x: number, y: number) => x > -margin && x < w + margin && y > -margin && y < h + margin;
    // Edges: one path; a segment is skipped when both ends lie beyond the same side of the screen.
    const edges = (champion: boolean) => {
      ctx.beginPath();
      for (const n of nodes) {
        if (n.parent < 0 || (champion && !(n.champion && nodes[n.parent].champion))) continue;
        const p = nodes[n.parent];
        const [x0, y0, x1, y1] = [sx(p), sy(p), sx(n), sy(n)];
        if ((x0 < 0 && x1 < 0) || (x0 > w && x1 > w) || (y0 < 0 && y1 < 0) || (y0 > h && y1 > h)) continue;
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1, y1);
      }
      ctx.stroke();
    };
    ctx.strokeStyle = EDGE;
    ctx.lineWidth = Math.min(1, Math.max(0.4, k));
    edges(false);
    ctx.strokeStyle = CHAMPION;
    ctx.lineWidth = 3;
    edges(true);
    const s = this.size();
    const round = s >= 5;
    for (const [key, members] of this.groups) {
      ctx.globalAlpha = key[0] === 'm' ? 0.45 : 1;
      ctx.fillStyle = key.slice(1);
      ctx.beginPath();
      for (const i of members) {
        const x = sx(nodes[i]);
        const y = sy(nodes[i]);
        if (!visible(x, y)) continue;
        if (round) {
          ctx.moveTo(x + s / 2, y);
          ctx.arc(x, y, s / 2, 0, 2 * Math.PI);
        } else ctx.rect(x - s / 2, y - s / 2, s, s);
      }
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    // The champion's path on top: amber rings.
    ctx.strokeStyle = CHAMPION;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    const ring = s / 2 + 3;
    for (const n of nodes) {
      if (!n.champion || !visible(sx(n), sy(n))) continue;
      ctx.moveTo(sx(n) + ring, sy(n));
      ctx.arc(sx(n), sy(n), ring, 0, 2 * Math.PI);
    }
    ctx.stroke();
    this.events.drawn();
  }

  /** Wheel zooms, a drag pans, a click opens the node under the pointer; hover names it. */
  private listen(): () => void {
    const c = this.canvas;
    let press: { x: number; y: number; tx: number; ty: number; moved: boolean } | null = null;
    const local = (e: MouseEvent) => {
      const box = c.getBoundingClientRect();
      return { x: e.clientX - box.left, y: e.clientY - box.top };
    };
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const at = local(e);
      this.zoomAt(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), at.x, at.y);
    };
    const down = (e: PointerEvent) => {
      press = { ...local(e), tx: this.tx, ty: this.ty, moved: false };
      c.setPointerCapture(e.pointerId);
    };
    const move = (e: PointerEvent) => {
      const at = local(e);
      if (press) {
        const dx = at.x - press.x;
        const dy = at.y - press.y;
        if (press.moved || Math.hypot(dx, dy) > CLICK_SLOP) {
          press.moved = true;
          this.tx = press.tx + dx;
          this.ty = press.ty + dy;
          this.request();
        }
        return;
      }
      const id = this.nodeAt(at.x, at.y);
      c.style.cursor = id === null ? 'grab' : 'pointer';
      this.events.hover(id);
    };
    const up = (e: PointerEvent) => {
      const was = press;
      press = null;
      if (was && !was.moved) {
        const at = local(e);
        const id = this.nodeAt(at.x, at.y);
        if (id !== null) this.events.open(id);
      }
    };
    const leave = () => this.events.hover(null);
    c.addEventListener('wheel', wheel, { passive: false });
    c.addEventListener('pointerdown', down);
    c.addEventListener('pointermove', move);
    c.addEventListener('pointerup', up);
    c.addEventListener('pointerleave', leave);
    return () => {
      c.removeEventListener('wheel', wheel);
      c.removeEventListener('pointerdown', down);
      c.removeEventListener('pointermove', move);
      c.removeEventListener('pointerup', up);
      c.removeEventListener('pointerleave', leave);
    };
  }
}
