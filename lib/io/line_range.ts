/**
 * Reading back the lines of a byte range of a file the toolkit wrote itself (the NDJSON work file
 * of `signins-export`, on resume): UTF-8, one chunk in memory at a time.
 *
 * @module
 */

/**
 * Calls `onLine` for each complete line of a file between byte offsets `from` and `to`
 * (`from` must be the start of a line), streaming: one chunk in memory at a time.
 *
 * @example
 * ```ts
 * import { forEachLine } from "./line_range.ts";
 * import assert from "node:assert/strict";
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "x\n{\"id\":\"é1\"}\n{\"id\":\"2\"}\ntail");
 * const lines: string[] = [];
 * await forEachLine(path, 2, 26, (l) => lines.push(l));
 * assert.deepEqual(lines, ['{"id":"é1"}', '{"id":"2"}']);
 * await Deno.remove(path);
 * ```
 */
export async function forEachLine(
  path: string,
  from: number,
  to: number,
  onLine: (line: string) => void,
): Promise<void> {
  const file = await Deno.open(path, { read: true });
  try {
    await file.seek(from, Deno.SeekMode.Start);
    const decoder = new TextDecoder();
    let left = to - from;
    let carry = "";
    const buf = new Uint8Array(1 << 20);
    while (left > 0) {
      const n = await file.read(buf.subarray(0, Math.min(buf.length, left)));
      if (n === null) break;
      left -= n;
      const text = carry + decoder.decode(buf.subarray(0, n), { stream: left > 0 });
      const lines = text.split("\n");
      carry = lines.pop() as string;
      for (const line of lines) if (line !== "") onLine(line);
    }
    // A last line without "\n" is not a complete line: it is not returned.
  } finally {
    file.close();
  }
}
