// INI files: parsing into plain objects and writing them back.
//
//   ; comment            # comment
//   name = value         top-level keys come before the first section
//   [section]            keys below belong to the section
//   [section.sub]        dotted names nest sections
//
// Values: "quoted strings" (with \" \\ \n escapes), true/false, integers and decimals, everything else as a
// trimmed string. Inline comments start with " ;" or " #" outside quotes.

export class IniError extends SyntaxError {
  constructor(message, line) {
    super(`${message} (line ${line})`);
    this.line = line;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Values

export function unquote(text, line) {
  let out = '';
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = text[++i];
    if (n === 'n') out += '\n';
    else if (n === '"' || n === '\\') out += n;
    else throw new IniError(`unknown escape \\${n}`, line);
  }
  return out;
}

export function quote(text) {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

export function convert(raw, line) {
  if (raw.startsWith('"')) {
    if (raw.length < 2 || !raw.endsWith('"')) throw new IniError('unterminated string', line);
    return unquote(raw, line);
  }
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

export function formatValue(value) {
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  const s = String(value);
  const plain = s === s.trim() && s !== '' && !/[;#"\n\\]/.test(s) && convert(s, 0) === s;
  return plain ? s : quote(s);
}

function stripComment(text) {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if ((c === ';' || c === '#') && !quoted && (i === 0 || /\s/.test(text[i - 1]))) return text.slice(0, i);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------------------
// Sections

const NAME = /^[A-Za-z0-9_-]+$/;

export function sectionPath(header, line) {
  const parts = header.split('.').map((p) => p.trim());
  for (const p of parts) if (!NAME.test(p)) throw new IniError(`bad section name ${JSON.stringify(header)}`, line);
  return parts;
}

function sectionAt(root, path, line) {
  let node = root;
  for (const part of path) {
    if (!(part in node)) node[part] = {};
    else if (typeof node[part] !== 'object' || Array.isArray(node[part])) {
      throw new IniError(`section ${path.join('.')} clashes with a key`, line);
    }
    node = node[part];
  }
  return node;
}

export function getPath(config, dotted, fallback = undefined) {
  let node = config;
  for (const part of dotted.split('.')) {
    if (node === null || typeof node !== 'object' || !(part in node)) return fallback;
    node = node[part];
  }
  return node;
}

function isSection(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

function splitAssignment(text, line) {
  const eq = text.indexOf('=');
  if (eq < 0) throw new IniError(`expected name = value, got ${JSON.stringify(text)}`, line);
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  if (key === '') throw new IniError('missing key name', line);
  return { key, raw };
}

function assign(section, key, value, line) {
  const append = key.endsWith('[]');
  const name = append ? key.slice(0, -2).trim() : key;
  if (!NAME.test(name)) throw new IniError(`bad key name ${JSON.stringify(key)}`, line);
  if (isSection(section[name])) throw new IniError(`key ${name} clashes with a section`, line);
  const isList = Array.isArray(section[name]);
  if (name in section && isList !== append) throw new IniError(`key ${name} mixes name = and name[] =`, line);
  if (!append) section[name] = value;
  else if (isList) section[name].push(value);
  else section[name] = [value];
}

export function parseIni(text) {
  const root = {};
  let section = root;
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = n + 1;
    const content = stripComment(lines[n]).trim();
    if (content === '') continue;
    if (content.startsWith('[')) {
      if (!content.endsWith(']')) throw new IniError('unclosed section header', line);
      section = sectionAt(root, sectionPath(content.slice(1, -1), line), line);
      continue;
    }
    const { key, raw } = splitAssignment(content, line);
    assign(section, key, convert(raw, line), line);
  }
  return root;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

function writeKeys(section, out) {
  for (const [key, value] of Object.entries(section)) {
    if (isSection(value)) continue;
    out.push(`${key} = ${formatValue(value)}`);
  }
}

function writeSections(section, prefix, out) {
  for (const [key, value] of Object.entries(section)) {
    if (!isSection(value)) continue;
    const name = prefix ? `${prefix}.${key}` : key;
    if (out.length) out.push('');
    out.push(`[${name}]`);
    writeKeys(value, out);
    writeSections(value, name, out);
  }
}

export function stringifyIni(config) {
  const out = [];
  writeKeys(config, out);
  writeSections(config, '', out);
  return out.length ? `${out.join('\n')}\n` : '';
}
