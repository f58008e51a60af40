// Parsing and formatting of semantic versions: MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD].

export type Identifier = string | number;

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: Identifier[];
  build: string[];
}

const NUM = '(0|[1-9]\\d*)';
const IDS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
const PATTERN = new RegExp(`^v?${NUM}\\.${NUM}\\.${NUM}(?:-(${IDS}))?(?:\\+(${IDS}))?$`);

function identifier(id: string): Identifier {
  if (/^\d+$/.test(id)) {
    if (id.length > 1 && id.startsWith('0')) throw new SyntaxError(`numeric identifier with leading zero: ${id}`);
    return Number(id);
  }
  return id;
}

export function parse(text: string): SemVer {
  const m = PATTERN.exec(text.trim());
  if (!m) throw new SyntaxError(`invalid version: ${text}`);
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3]),
    prerelease: m[4] ? m[4].split('.').map(identifier) : [],
    build: m[5] ? m[5].split('.') : [],
  };
}

export function isValid(text: string): boolean {
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
}

export function format(v: SemVer): string {
  let out = `${v.major}.${v.minor}.${v.patch}`;
  if (v.prerelease.length > 0) out += `-${v.prerelease.join('.')}`;
  if (v.build.length > 0) out += `+${v.build.join('.')}`;
  return out;
}
