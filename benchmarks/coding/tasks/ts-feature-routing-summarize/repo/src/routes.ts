// IPv4 routing table with longest-prefix matching. Addresses are unsigned 32-bit integers.

export interface Cidr {
  network: number;
  prefix: number; // 0..32
}

export interface Route {
  cidr: Cidr;
  nextHop: string;
  metric: number;
}

export function parseIp(text: string): number {
  const parts = text.trim().split('.');
  if (parts.length !== 4) throw new SyntaxError(`not an IPv4 address: ${text}`);
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw new SyntaxError(`not an IPv4 address: ${text}`);
    n = n * 256 + Number(p);
  }
  return n;
}

export function formatIp(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`not an IPv4 address: ${n}`);
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

// Number of addresses in a block with the given prefix length.
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

export function parseCidr(text: string): Cidr {
  const [addr, len, extra] = text.trim().split('/');
  if (extra !== undefined || len === undefined || !/^\d{1,2}$/.test(len) || Number(len) > 32)
    throw new SyntaxError(`not a CIDR block: ${text}`);
  const network = parseIp(addr);
  const prefix = Number(len);
  if (network % blockSize(prefix) !== 0) throw new RangeError(`${text} has host bits set`);
  return { network, prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.network)}/${c.prefix}`;
}

export function contains(c: Cidr, ip: number): boolean {
  return ip >= c.network && ip < c.network + blockSize(c.prefix);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b.network) || contains(b, a.network);
}

const PRIVATE_BLOCKS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(parseCidr);

// RFC 1918 private address?
export function isPrivate(ip: string): boolean {
  const addr = parseIp(ip);
  return PRIVATE_BLOCKS.some((c) => contains(c, addr));
}

function sameBlock(a: Cidr, b: Cidr): boolean {
  return a.network === b.network && a.prefix === b.prefix;
}

function byBlock(a: Route, b: Route): number {
  return a.cidr.network - b.cidr.network || a.cidr.prefix - b.cidr.prefix;
}

export class RoutingTable {
  #routes: Route[] = [];

  get size(): number {
    return this.#routes.length;
  }

  add(cidr: string, nextHop: string, metric = 0): void {
    const block = parseCidr(cidr);
    if (nextHop.trim() === '') throw new RangeError('next hop must not be empty');
    if (!Number.isInteger(metric) || metric < 0) throw new RangeError('metric must be a non-negative integer');
    if (this.#routes.some((r) => sameBlock(r.cidr, block) && r.nextHop === nextHop))
      throw new Error(`route ${cidr} via ${nextHop} already exists`);
    this.#routes.push({ cidr: block, nextHop, metric });
  }

  // Removes every route for the block (or only the one via `nextHop`); returns how many were removed.
  remove(cidr: string, nextHop?: string): number {
    const block = parseCidr(cidr);
    const before = this.#routes.length;
    this.#routes = this.#routes.filter((r) => !(sameBlock(r.cidr, block) && (nextHop === undefined || r.nextHop === nextHop)));
    return before - this.#routes.length;
  }

  // Longest matching prefix wins; among equal prefixes the lowest metric, then the earliest added.
  lookup(ip: string): Route | undefined {
    const addr = parseIp(ip);
    let best: Route | undefined;
    for (const r of this.#routes) {
      if (!contains(r.cidr, addr)) continue;
      if (!best || r.cidr.prefix > best.cidr.prefix || (r.cidr.prefix === best.cidr.prefix && r.metric < best.metric)) best = r;
    }
    return best && { cidr: { ...best.cidr }, nextHop: best.nextHop, metric: best.metric };
  }

  routes(): Route[] {
    return [...this.#routes].sort(byBlock).map((r) => ({ ...r, cidr: { ...r.cidr } }));
  }

  routesVia(nextHop: string): Route[] {
    return this.routes().filter((r) => r.nextHop === nextHop);
  }

  nextHops(): string[] {
    return [...new Set(this.#routes.map((r) => r.nextHop))].sort();
  }

  // Routes whose block overlaps the given block, most specific first.
  overlapping(cidr: string): Route[] {
    const block = parseCidr(cidr);
    return this.routes()
      .filter((r) => overlaps(r.cidr, block))
      .sort((a, b) => b.cidr.prefix - a.cidr.prefix || byBlock(a, b));
  }

  // Text form, one route per line: "10.0.0.0/8 via core-1 metric 10".
  toString(): string {
    return this.routes()
      .map((r) => `${formatCidr(r.cidr)} via ${r.nextHop} metric ${r.metric}`)
      .join('\n');
  }

  static fromText(text: string): RoutingTable {
    const table = new RoutingTable();
    for (const [i, raw] of text.split('\n').entries()) {
      const line = raw.replace(/#.*/, '').trim();
      if (line === '') continue;
      const m = /^(\S+)\s+via\s+(\S+)(?:\s+metric\s+(\d+))?$/.exec(line);
      if (!m) throw new SyntaxError(`line ${i + 1}: cannot parse "${raw}"`);
      table.add(m[1], m[2], m[3] === undefined ? 0 : Number(m[3]));
    }
    return table;
  }
}
