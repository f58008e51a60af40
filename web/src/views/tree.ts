// Positions for a lineage tree: leaves side by side in depth-first order, a parent centred over its children.
// (Layout only: cytoscape draws it, with pan and zoom.)

export interface TreeInput {
  id: number[];
  parent: (number | null)[];
}

/** `aspect`: wide trees get their levels spread so that height ≈ aspect × width (a thin strip fits badly). */
export function treeLayout(t: TreeInput, dx = 12, dy = 40, aspect = 0.45): Map<number, { x: number; y: number }> {
  const index = new Map(t.id.map((id, i) => [id, i]));
  const children = new Map<number, number[]>();
  const roots: number[] = [];
  t.id.forEach((id, i) => {
    const p = t.parent[i];
    if (p !== null && index.has(p)) {
      const list = children.get(p) ?? [];
      list.push(id);
      children.set(p, list);
    } else roots.push(id);
  });
  const pos = new Map<number, { x: number; y: number }>();
  let next = 0;
  // Iterative post-order: (id, depth, expanded?)
  const stack: [number, number, boolean][] = roots.reverse().map((r) => [r, 0, false]);
  while (stack.length) {
    const [id, depth, expanded] = stack.pop()!;
    const kids = children.get(id) ?? [];
    if (!expanded && kids.length) {
      stack.push([id, depth, true]);
      for (let k = kids.length - 1; k >= 0; k--) stack.push([kids[k], depth + 1, false]);
      continue;
    }
    if (!kids.length) pos.set(id, { x: next++ * dx, y: depth * dy });
    else {
      const xs = kids.map((k) => pos.get(k)!.x);
      pos.set(id, { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: depth * dy });
    }
  }
  let width = 0;
  let depth = 0;
  for (const p of pos.values()) {
    width = Math.max(width, p.x);
    depth = Math.max(depth, p.y / dy);
  }
  const stretch = depth > 0 ? Math.max(1, (width * aspect) / (depth * dy)) : 1;
  if (stretch > 1) for (const p of pos.values()) p.y *= stretch;
  return pos;
}
