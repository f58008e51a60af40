// Ordering of semantic versions (https://semver.org, section 11). Build metadata never affects precedence.
import { parse } from './parse.ts';
import type { Identifier, SemVer } from './parse.ts';

function compareIdentifiers(a: Identifier, b: Identifier): number {
  if (a === b) return 0;
  return String(a) < String(b) ? -1 : 1;
}

export function comparePrerelease(a: Identifier[], b: Identifier[]): number {
  // A version without a pre-release outranks any pre-release of the same core version.
  if (a.length === 0 || b.length === 0) return Math.sign(b.length - a.length);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const c = compareIdentifiers(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

function asVersion(v: string | SemVer): SemVer {
  return typeof v === 'string' ? parse(v) : v;
}

export function compare(left: string | SemVer, right: string | SemVer): number {
  const a = asVersion(left);
  const b = asVersion(right);
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return Math.sign(core);
  return comparePrerelease(a.prerelease, b.prerelease);
}

export const lt = (a: string | SemVer, b: string | SemVer): boolean => compare(a, b) < 0;
export const gt = (a: string | SemVer, b: string | SemVer): boolean => compare(a, b) > 0;
export const eq = (a: string | SemVer, b: string | SemVer): boolean => compare(a, b) === 0;

export function sortVersions(versions: string[]): string[] {
  return [...versions].sort(compare);
}

export function maxVersion(versions: string[]): string | undefined {
  let best: string | undefined;
  for (const v of versions) if (best === undefined || gt(v, best)) best = v;
  return best;
}
