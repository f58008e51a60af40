// URL query strings <-> plain objects.

function decode(component) {
  try {
    return decodeURIComponent(component.replaceAll('+', ' '));
  } catch {
    return component;
  }
}

// parseQuery('?q=hello+world&page=2') -> { q: 'hello world', page: '2' }
export function parseQuery(query) {
  const result = {};
  const text = query.startsWith('?') ? query.slice(1) : query;
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    result[key] = result[key] ? [result[key], value] : value;
  }
  return result;
}

function encode(value) {
  return encodeURIComponent(String(value)).replaceAll('%20', '+');
}

// Arrays become repeated keys; undefined and null values are left out.
export function stringifyQuery(params) {
  const parts = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${encode(key)}=${encode(v)}`);
  }
  return parts.join('&');
}

export function withParam(url, key, value) {
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? '' : url.slice(hash);
  const q = base.indexOf('?');
  const path = q < 0 ? base : base.slice(0, q);
  const params = parseQuery(q < 0 ? '' : base.slice(q));
  params[key] = value;
  const query = stringifyQuery(params);
  return `${path}${query ? `?${query}` : ''}${fragment}`;
}
