import { describe, expect, it } from 'vitest';
import { StdoutLines } from '../../src/sandbox/stdout-lines.ts';

/** Feeds `text` in chunks of `size` bytes (lines split across chunks, as pipes deliver them). */
function feed(text: string, maxLine: number, size: number): StdoutLines {
  const lines = new StdoutLines(maxLine);
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) lines.push(bytes.subarray(i, i + size));
  return lines;
}

describe('stdout split into log lines and the output line', () => {
  for (const size of [1, 3, 7, 1 << 16]) {
    it(`takes the last non-blank line as the output and counts the rest as log (chunks of ${size} bytes)`, () => {
      const lines = feed('log one\nlog two\n{"a":1}\n\n  \n', 100, size);
      expect(lines.lastLine()).toBe('{"a":1}');
      // "log one\n" + "log two\n" + the blank lines after the answer ("\n" and "  \n").
      expect(lines.logBytes).toBe(8 + 8 + 1 + 3);
    });
  }

  it('takes a last line without a newline, and knows when there is none', () => {
    expect(feed('log\n[1,2]', 100, 2).lastLine()).toBe('[1,2]');
    expect(feed('', 100, 2).lastLine()).toBeNull();
    expect(feed('\n \n\t\n', 100, 2).lastLine()).toBeNull();
  });

  it('keeps a line within the output cap out of the log however long it is, and counts a longer one as log', () => {
    const answer = `"${'x'.repeat(998)}"`;
    const fits = feed(`${answer}\n`, 1000, 64);
    expect(fits.lastLine()).toBe(answer);
    expect(fits.logBytes).toBe(0);
    // Past the cap: log from that byte on, and as the last line it is 'over' (the answer is too large).
    const over = feed(`"${'x'.repeat(1500)}"`, 1000, 64);
    expect(over.writingOverLine).toBe(true);
    expect(over.lastLine()).toBe('over');
    expect(over.logBytes).toBe(1502);
    // Followed by a short answer, the long line was just log.
    const thenAnswer = feed(`${'y'.repeat(1500)}\n7\n`, 1000, 64);
    expect(thenAnswer.lastLine()).toBe('7');
    expect(thenAnswer.logBytes).toBe(1501);
    expect(thenAnswer.writingOverLine).toBe(false);
  });
});
