// Simple polygons as arrays of [x, y] vertices (the first vertex is not repeated at the end).

export function signedArea(poly) {
  let twice = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = poly[i];
    const [x2, y2] = poly[(i + 1) % poly.length];
    twice += x1 * y2 - x2 * y1;
  }
  return twice / 2;
}

export function area(poly) {
  return Math.abs(signedArea(poly));
}

export function isClockwise(poly) {
  return signedArea(poly) < 0;
}

export function perimeter(poly) {
  let total = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = poly[i];
    const [x2, y2] = poly[(i + 1) % poly.length];
    total += Math.hypot(x2 - x1, y2 - y1);
  }
  return total;
}

export function centroid(poly) {
  const a = signedArea(poly);
  if (a === 0) throw new RangeError('degenerate polygon');
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = poly[i];
    const [x2, y2] = poly[(i + 1) % poly.length];
    const cross = x1 * y2 - x2 * y1;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  return [cx / (6 * a), cy / (6 * a)];
}

export function boundingBox(poly) {
  const xs = poly.map((p) => p[0]);
  const ys = poly.map((p) => p[1]);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

export function translate(poly, dx, dy) {
  return poly.map(([x, y]) => [x + dx, y + dy]);
}

function onSegment([px, py], [x1, y1], [x2, y2]) {
  const cross = (x2 - x1) * (py - y1) - (y2 - y1) * (px - x1);
  return cross === 0 && Math.min(x1, x2) <= px && px <= Math.max(x1, x2) && Math.min(y1, y2) <= py && py <= Math.max(y1, y2);
}

export function onBoundary(poly, point) {
  return poly.some((v, i) => onSegment(point, v, poly[(i + 1) % poly.length]));
}

// Ray casting: counts crossings of a horizontal ray going right from the point.
export function contains(poly, [x, y]) {
  if (onBoundary(poly, [x, y])) return true;
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
