// Colours: hex strings, RGB (0-255 integers) and HSL (hue in degrees, saturation and lightness in percent).

export class ColorError extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// Hex

// '#abc', 'abc', '#aabbcc' -> { r, g, b }
export function parseHex(text) {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(text).trim());
  if (!m) throw new ColorError(`not a hex colour: ${text}`);
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return { r: parseInt(hex.slice(0, 2), 16), g: parseInt(hex.slice(2, 4), 16), b: parseInt(hex.slice(4, 6), 16) };
}

function clampByte(v) {
  return Math.min(255, Math.max(0, Math.round(v)));
}

export function toHex({ r, g, b }) {
  return `#${[r, g, b].map((v) => clampByte(v).toString(16).padStart(2, '0')).join('')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Luminance and contrast (WCAG 2)

function channel(v) {
  const s = v / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance(color) {
  const { r, g, b } = typeof color === 'string' ? parseHex(color) : color;
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// 'AAA', 'AA', 'AA-large' or 'fail' for normal text on the given background.
export function contrastGrade(fg, bg) {
  const ratio = contrastRatio(fg, bg);
  if (ratio >= 7) return 'AAA';
  if (ratio >= 4.5) return 'AA';
  if (ratio >= 3) return 'AA-large';
  return 'fail';
}

// Black or white, whichever reads better on the background.
export function textColorOn(bg) {
  return contrastRatio('#000000', bg) >= contrastRatio('#ffffff', bg) ? '#000000' : '#ffffff';
}

// ---------------------------------------------------------------------------------------------------------------
// Mixing

// Linear mix in RGB: weight 0 gives a, 1 gives b.
export function mix(a, b, weight = 0.5) {
  const x = parseHex(a);
  const y = parseHex(b);
  return toHex({ r: x.r + (y.r - x.r) * weight, g: x.g + (y.g - x.g) * weight, b: x.b + (y.b - x.b) * weight });
}

export function tint(color, amount) {
  return mix(color, '#ffffff', amount);
}

export function shade(color, amount) {
  return mix(color, '#000000', amount);
}

export function grayscale(color) {
  const { r, g, b } = parseHex(color);
  const y = 0.299 * r + 0.587 * g + 0.114 * b;
  return toHex({ r: y, g: y, b: y });
}

export function invert(color) {
  const { r, g, b } = parseHex(color);
  return toHex({ r: 255 - r, g: 255 - g, b: 255 - b });
}

// ---------------------------------------------------------------------------------------------------------------
// HSL

function round1(x) {
  return Math.round(x * 10) / 10;
}

export function rgbToHsl({ r, g, b }) {
  const [R, G, B] = [r / 255, g / 255, b / 255];
  const max = Math.max(R, G, B);
  const min = Math.min(R, G, B);
  const l = (max + min) / 2;
  if (max === min) return { h: 0, s: 0, l: round1(l * 100) };
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  let h;
  if (max === R) h = (G - B) / d;
  else if (max === G) h = (B - R) / d + 2;
  else h = (R - G) / d + 4;
  return { h: round1(normalizeHue(h * 60)), s: round1(s * 100), l: round1(l * 100) };
}

// Brings any angle into the range of hues.
export function normalizeHue(h) {
  return h % 360;
}

export function hslToRgb({ h, s, l }) {
  const S = s / 100;
  const L = l / 100;
  const k = (n) => (n + normalizeHue(h) / 30) % 12;
  const a = S * Math.min(L, 1 - L);
  const f = (n) => L - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  return { r: clampByte(f(0) * 255), g: clampByte(f(8) * 255), b: clampByte(f(4) * 255) };
}

export function toHsl(color) {
  return rgbToHsl(parseHex(color));
}

export function fromHsl(hsl) {
  return toHex(hslToRgb(hsl));
}

// ---------------------------------------------------------------------------------------------------------------
// Palettes

export function rotateHue(color, degrees) {
  const hsl = toHsl(color);
  return { ...hsl, h: normalizeHue(hsl.h + degrees) };
}

export function complement(color) {
  return fromHsl(rotateHue(color, 180));
}

// The colour and its neighbours `step` degrees away on either side.
export function analogous(color, step = 30) {
  return [fromHsl(rotateHue(color, -step)), toHex(parseHex(color)), fromHsl(rotateHue(color, step))];
}

export function triad(color) {
  return [toHex(parseHex(color)), fromHsl(rotateHue(color, 120)), fromHsl(rotateHue(color, 240))];
}
