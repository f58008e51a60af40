// Positions for a lineage tree, laid out by d3-hierarchy's tidy tree (Reingold–Tilford); lineage-canvas.ts draws it,
// with pan and zoom.
import { type HierarchyPointNode, hierarchy, tree } from 'd3-hierarchy';

export interface TreeInput {
  id: number[];
  parent: (number | null)[];
}

interface Row {
  id: number;
  children: Row[];
}

/** A virtual root joins the seed with programs whose parent is not in the record (several trees become one). */
const ROOT = -1;

/** `aspect`: wide trees get their levels spread so that height ≈ aspect × width (a thin strip fits badly). */
export function treeLayout(t: TreeInput, dx = 12, dy = 40, aspect = 0.45): Map<number, { x: number; y: number }> {
  // Children in record order, as d3's stratify would give them, without its string keys (a third of the time).
  const rows = new Map<number, Row>(t.id.map((id) => [id, { id, children: [] }]));
  const top: Row = { id: ROOT, children: [] };
  t.id.forEach((id, i) => {
    const parent = t.parent[i];
    ((parent !== null && rows.get(parent)) || top).children.push(rows.get(id)!);
  });
  const root = hierarchy<Row>(top, (r) => (r.children.length ? r.children : undefined));
  const laid = tree<Row>().nodeSize([dx, dy])(root);
  const pos = new Map<number, { x: number; y: number }>();
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let depth = 0;
  laid.each((n: HierarchyPointNode<Row>) => {
    if (n.data.id === ROOT) return;
    // One level up: the virtual root is not drawn.
    pos.set(n.data.id, { x: n.x, y: n.y - dy });
    minX = Math.min(minX, n.x);
    maxX = Math.max(maxX, n.x);
    depth = Math.max(depth, n.depth - 1);
  });
  const width = maxX - minX;
  const stretch = depth > 0 ? Math.max(1, (width * aspect) / (depth * dy)) : 1;
  if (stretch > 1) for (const p of pos.values()) p.y *= stretch;
  return pos;
}
