// Reading the source text into logical lines, the way pMARS' file loop does:
//  - lines are read into a 256-byte buffer, so a line longer than 255 bytes is cut and its rest is
//    read as the next line (often turning the tail of a long comment into code, as in pMARS);
//  - a line ends at the first '\n' or '\r' (so text after a lone '\r' on a line is lost, as in pMARS);
//  - a line ending in '\' that has no ';' is joined with the next one;
//  - comment-only lines are header switches: ;name, ;author, ;strategy, ;assert, ;redcode;
//  - the first `;redcode` line (no space after ';') discards everything read before it, and a second
//    one ends the source. Header values found before the first `;redcode` are kept.
//  - other lines lose their trailing comment and are kept for the macro pass.

import { StaleBuffer } from './cbuffer.ts';
import { getToken, skipSpace } from './lexer.ts';

export interface SourceLine {
  text: string;
  /** 1-based logical line number, used in messages. */
  line: number;
}

export interface Header {
  name: string;
  author: string;
  strategy: string[];
}

export interface ReadResult {
  lines: SourceLine[];
  header: Header;
  /** pMARS' line buffer as the reading loop leaves it (see cbuffer.ts). */
  buffer: StaleBuffer;
}

/** pMARS reads lines with fgets() into a 256-byte buffer: longer lines are cut into pieces. */
const LINE_BUFFER_BYTES = 255;

/** UTF-8 length of one UTF-16 code unit (a surrogate half counts 2, so a pair counts 4). */
function utf8Bytes(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800 || (code >= 0xd800 && code < 0xe000)) return 2;
  return 3;
}

/**
 * The source as pMARS' fgets() loop sees it: pieces of at most `limit` bytes, each ending after a
 * '\n' or when the buffer is full. Byte counts assume the text was decoded from UTF-8.
 */
class LineReader {
  private pos = 0;
  private readonly s: string;

  constructor(s: string) {
    this.s = s;
  }

  /** Next piece (with its '\n', if any), or null at end of input. */
  read(limit: number): string | null {
    if (this.pos >= this.s.length) return null;
    const from = this.pos;
    let bytes = 0;
    while (this.pos < this.s.length) {
      const b = utf8Bytes(this.s.charCodeAt(this.pos));
      if (bytes + b > limit) break;
      bytes += b;
      if (this.s[this.pos++] === '\n') break;
    }
    return this.s.slice(from, this.pos);
  }
}

function byteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) n += utf8Bytes(s.charCodeAt(i));
  return n;
}

/** A piece as stored: C string functions stop at NUL, and the line ends at the first '\n' or '\r'. */
function cutPiece(piece: string): string {
  let end = piece.length;
  for (const stop of ['\n', '\r', '\0']) {
    const i = piece.indexOf(stop);
    if (i >= 0 && i < end) end = i;
  }
  return piece.slice(0, end);
}

function stripComment(s: string): string {
  const i = s.indexOf(';');
  return i < 0 ? s : s.slice(0, i);
}

export function readSource(source: string): ReadResult {
  const header: Header = { name: 'Unknown', author: 'Anonymous', strategy: [] };
  const reader = new LineReader(source);
  const buf = new StaleBuffer();
  let lines: SourceLine[] = [];
  let redcodeSeen = false;
  let lineNo = 0;
  for (;;) {
    // One logical line: pieces joined while the line ends in '\' and has no ';'.
    let text = '';
    let sawComment = false;
    let eof = false;
    buf.write(0, '');
    for (;;) {
      const piece = reader.read(LINE_BUFFER_BYTES - byteLength(text));
      if (piece === null) {
        eof = true; // (pMARS loops forever on a trailing '\' at end of file; we just stop)
        break;
      }
      buf.write(text.length, piece); // fgets()
      const cut = cutPiece(piece);
      buf.write(text.length + cut.length, ''); // the line is cut at '\n' or '\r'
      sawComment ||= cut.includes(';');
      text += cut;
      if (!(text.endsWith('\\') && !sawComment)) break;
      text = text.slice(0, -1);
      buf.write(text.length, '');
    }
    if (eof && text === '') break;
    lineNo++;

    const first = getToken(text, 0);
    if (first.type === 'none') continue;
    if (first.type !== 'comment') {
      const code = stripComment(text);
      buf.write(code.length, ''); // pMARS cuts the comment off in its buffer
      lines.push({ text: code, line: lineNo });
      continue;
    }
    // A comment-only line: header switch.
    const word = getToken(text, first.end);
    const key = word.text.toUpperCase();
    if (key === 'REDCODE' && word.end === first.end + 7) {
      if (redcodeSeen) break; // second ;redcode: end of this warrior
      redcodeSeen = true;
      lines = []; // everything before the first ;redcode is ignored (mail headers etc.)
      continue;
    }
    const rest = text.slice(skipSpace(text, word.end));
    if (key === 'NAME') header.name = rest === '' ? 'Unknown' : rest;
    else if (key === 'AUTHOR') header.author = rest === '' ? 'Anonymous' : rest;
    else if (key === 'STRATEGY') header.strategy.push(rest);
    else if (key === 'ASSERT') {
      // Kept as a line: the assertion is evaluated in order during the macro pass.
      const head = text.slice(0, skipSpace(text, word.end));
      const expr = stripComment(rest);
      if (expr.length < rest.length) buf.write(head.length + expr.length, '');
      lines.push({ text: head + expr, line: lineNo });
    }
  }
  return { lines, header, buffer: buf };
}
