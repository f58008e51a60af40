// @ts-check
// A candidate's return value as JSON text, serialised where the candidate runs (inside the isolate, or in the JS
// runner's process) and never to more than about `maxChars`: a 360 MB result must stop here, not after it has been
// built and copied into the host. Self-contained (no imports, no outer names): isolate-host.js injects its source into
// each isolate. Nothing here is trusted by the parent, which checks the size of whatever arrives again.

/**
 * Serialises `value` like `JSON.stringify` (same text: the replacer returns every value unchanged), counting a lower
 * bound of the text's length as it goes (strings, keys, one character per other value) and stopping as soon as that
 * passes `maxChars`. A value that cannot be serialised is `invalid` with the reason in words.
 * @param {unknown} value
 * @param {number} maxChars
 * @returns {{ json: string } | { tooLarge: number } | { invalid: string }}
 */
export function resultJson(value, maxChars) {
  const tooLarge = { tooLarge: true };
  let atLeast = 0;
  let root = true;
  /** @this {unknown} @param {string} key @param {unknown} v */
  function count(key, v) {
    const type = typeof v;
    const omitted = type === 'undefined' || type === 'function' || type === 'symbol';
    if (type === 'string') atLeast += /** @type {string} */ (v).length + 2;
    else if (!omitted || Array.isArray(this)) atLeast += 1; // an omitted array element still prints `null`
    if (!root && !omitted && !Array.isArray(this)) atLeast += key.length + 3; // "key": (the key's quotes and colon)
    root = false;
    if (atLeast > maxChars) throw tooLarge;
    return v;
  }
  let json;
  try {
    json = JSON.stringify(value, count);
  } catch (e) {
    if (e === tooLarge) return { tooLarge: atLeast };
    const err = /** @type {{ name?: unknown, message?: unknown } | null} */ (e);
    const message = String(err?.message ?? e);
    if (/circular/i.test(message)) return { invalid: 'the result is cyclic (an object contains itself): it cannot be serialised as JSON' };
    if (/call stack/i.test(message)) return { invalid: 'the result is nested too deeply to serialise as JSON' };
    if (/string length/i.test(message)) return { invalid: 'the result is too long a string to serialise as JSON' };
    if (/BigInt/i.test(message)) return { invalid: 'the result contains a BigInt, which JSON cannot represent' };
    return { invalid: `the result cannot be serialised as JSON: ${String(err?.name ?? 'Error')}: ${message.slice(0, 500)}` };
  }
  if (json === undefined) return { invalid: 'the result is undefined (or a function or symbol): nothing to serialise as JSON' };
  if (json.length > maxChars) return { tooLarge: json.length };
  return { json };
}
