// Dense matrices of numbers, stored as arrays of rows. All functions return new matrices.

export type Matrix = number[][];

const EPS = 1e-12;

export function shape(m: Matrix): [rows: number, cols: number] {
  return [m.length, m.length === 0 ? 0 : m[0].length];
}

export function fromRows(rows: number[][]): Matrix {
  if (rows.length === 0) throw new RangeError('a matrix needs at least one row');
  const cols = rows[0].length;
  if (cols === 0) throw new RangeError('a matrix needs at least one column');
  for (const r of rows) {
    if (r.length !== cols) throw new RangeError('rows have different lengths');
    if (r.some((x) => !Number.isFinite(x))) throw new RangeError('entries must be finite numbers');
  }
  return rows.map((r) => [...r]);
}

export function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m[i][i] = 1;
  return m;
}

export function clone(m: Matrix): Matrix {
  return m.map((r) => [...r]);
}

export function equals(a: Matrix, b: Matrix, tolerance = 1e-9): boolean {
  const [ra, ca] = shape(a);
  const [rb, cb] = shape(b);
  if (ra !== rb || ca !== cb) return false;
  return a.every((row, i) => row.every((x, j) => Math.abs(x - b[i][j]) <= tolerance));
}

function sameShape(a: Matrix, b: Matrix, op: string): void {
  const [ra, ca] = shape(a);
  const [rb, cb] = shape(b);
  if (ra !== rb || ca !== cb) throw new RangeError(`${op}: shapes ${ra}x${ca} and ${rb}x${cb} differ`);
}

export function add(a: Matrix, b: Matrix): Matrix {
  sameShape(a, b, 'add');
  return a.map((row, i) => row.map((x, j) => x + b[i][j]));
}

export function subtract(a: Matrix, b: Matrix): Matrix {
  sameShape(a, b, 'subtract');
  return a.map((row, i) => row.map((x, j) => x - b[i][j]));
}

export function scale(m: Matrix, k: number): Matrix {
  return m.map((row) => row.map((x) => x * k));
}

export function transpose(m: Matrix): Matrix {
  const [rows, cols] = shape(m);
  const out = zeros(cols, rows);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j][i] = m[i][j];
  return out;
}

export function multiply(a: Matrix, b: Matrix): Matrix {
  const [ra, ca] = shape(a);
  const [rb, cb] = shape(b);
  if (ca !== rb) throw new RangeError(`multiply: ${ra}x${ca} times ${rb}x${cb}`);
  const out = zeros(ra, cb);
  for (let i = 0; i < ra; i++) {
    for (let k = 0; k < ca; k++) {
      const aik = a[i][k];
      if (aik === 0) continue;
      for (let j = 0; j < cb; j++) out[i][j] += aik * b[k][j];
    }
  }
  return out;
}

export function trace(m: Matrix): number {
  const [rows, cols] = shape(m);
  if (rows !== cols) throw new RangeError('trace of a non-square matrix');
  let t = 0;
  for (let i = 0; i < rows; i++) t += m[i][i];
  return t;
}

function square(m: Matrix, op: string): number {
  const [rows, cols] = shape(m);
  if (rows !== cols) throw new RangeError(`${op} of a non-square ${rows}x${cols} matrix`);
  return rows;
}

// Index of the row at or below `from` with the largest absolute value in column `col` (partial pivoting).
function pivotRow(m: Matrix, col: number, from: number): number {
  let best = from;
  for (let r = from + 1; r < m.length; r++) if (Math.abs(m[r][col]) > Math.abs(m[best][col])) best = r;
  return best;
}

// Gaussian elimination to upper-triangular form; the determinant is the product of the diagonal.
export function determinant(m: Matrix): number {
  const n = square(m, 'determinant');
  if (n === 2) return m[0][0] * m[1][1] - m[0][1] * m[1][0];
  const a = clone(m);
  let det = 1;
  for (let col = 0; col < n; col++) {
    const p = pivotRow(a, col, col);
    if (Math.abs(a[p][col]) < EPS) return 0;
    if (p !== col) {
      [a[p], a[col]] = [a[col], a[p]];
    }
    det *= a[col][col];
    for (let r = col + 1; r < n; r++) {
      const f = a[r][col] / a[col][col];
      if (f === 0) continue;
      for (let c = col; c < n; c++) a[r][c] -= f * a[col][c];
    }
  }
  return det;
}

// Gauss-Jordan elimination on [m | I].
export function inverse(m: Matrix): Matrix {
  const n = square(m, 'inverse');
  const a = clone(m);
  const inv = identity(n);
  for (let col = 0; col < n; col++) {
    const p = pivotRow(a, col, col);
    if (Math.abs(a[p][col]) < EPS) throw new RangeError('matrix is singular');
    [a[p], a[col]] = [a[col], a[p]];
    [inv[p], inv[col]] = [inv[col], inv[p]];
    const d = a[col][col];
    for (let c = 0; c < n; c++) {
      a[col][c] /= d;
      inv[col][c] /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === col || a[r][col] === 0) continue;
      const f = a[r][col];
      for (let c = 0; c < n; c++) {
        a[r][c] -= f * a[col][c];
        inv[r][c] -= f * inv[col][c];
      }
    }
  }
  return inv;
}

// Solves m·x = b for a column vector b.
export function solve(m: Matrix, b: number[]): number[] {
  if (b.length !== m.length) throw new RangeError('right-hand side has the wrong length');
  return multiply(inverse(m), b.map((x) => [x])).map((r) => r[0]);
}

export function power(m: Matrix, e: number): Matrix {
  const n = square(m, 'power');
  if (!Number.isInteger(e) || e < 0) throw new RangeError('exponent must be a non-negative integer');
  let result = identity(n);
  let base = clone(m);
  for (let k = e; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = multiply(result, base);
    base = multiply(base, base);
  }
  return result;
}

export function format(m: Matrix, digits = 3): string {
  return m.map((row) => row.map((x) => x.toFixed(digits)).join(' ')).join('\n');
}
