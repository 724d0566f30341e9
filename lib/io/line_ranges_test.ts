import assert from "node:assert/strict";
import { type LineRange, LineRangeCutter } from "./line_ranges.ts";

/** A range as plain data (its bytes copied: a reused buffer's view changes after `take`). */
interface Seen {
  index: number;
  text: string;
  prefixed: boolean;
  start: number;
}

const seen = (r: LineRange): Seen => ({
  index: r.index,
  text: new TextDecoder().decode(r.bytes),
  prefixed: r.prefixed,
  start: r.start,
});

/** The stream pushed in pieces of `piece` bytes, cut by `push` (own buffers) or `pushEach` (one buffer). */
function cut(text: string, target: number, piece: number, each: boolean, hardMax?: number): Seen[] {
  const bytes = new TextEncoder().encode(text);
  const c = new LineRangeCutter(target, hardMax);
  const out: Seen[] = [];
  for (let o = 0; o < bytes.length; o += piece) {
    const chunk = bytes.slice(o, o + piece);
    if (each) c.pushEach(chunk, (r) => out.push(seen(r)));
    else for (const r of c.push(chunk)) out.push(seen(r));
  }
  const last = c.end();
  if (last !== null) out.push(seen(last));
  return out;
}

Deno.test("LineRangeCutter.pushEach: the ranges push gives, from one reused buffer", async (t) => {
  const long = "x".repeat(300);
  const CASES: { name: string; text: string; targets: number[]; hardMax?: number }[] = [
    { name: "short lines", text: "a\nbb\nccc\ndddd\n\neeeee\nf", targets: [1, 2, 3, 8, 64] },
    { name: "a blank first line", text: "\n\na\n", targets: [1, 2] },
    { name: "no final line feed", text: "one\ntwo\nthree", targets: [1, 4, 100] },
    { name: "a line longer than the buffer", text: `a\n${long}\nb\n${long}${long}\n`, targets: [1, 5, 40] },
    { name: "a line past the hard limit", text: `a\n${long}\nb\n`, targets: [4], hardMax: 50 },
    { name: "multi-byte characters", text: "é\n€€\n😀😀😀\nß", targets: [1, 3, 7] },
  ];
  for (const c of CASES) {
    await t.step(c.name, () => {
      for (const target of c.targets) {
        for (const piece of [1, 3, 7, 64, 10_000]) {
          const own = cut(c.text, target, piece, false, c.hardMax);
          assert.deepEqual(
            cut(c.text, target, piece, true, c.hardMax),
            own,
            `target ${target}, pieces of ${piece}`,
          );
          // the ranges hold the stream, each after the prefix but the first
          assert.equal(own.map((r) => r.prefixed ? r.text.slice(2) : r.text).join(""), c.text);
        }
      }
    });
  }
});

Deno.test("LineRangeCutter.pushEach: one buffer for every range that fits it (no ArrayBuffer per range)", () => {
  const c = new LineRangeCutter(16);
  const buffers = new Set<ArrayBufferLike>();
  const line = new TextEncoder().encode("0123456789abcdef\n");
  for (let i = 0; i < 100; i++) c.pushEach(line, (r) => buffers.add(r.bytes.buffer));
  assert.equal(buffers.size, 1);
  const own = new LineRangeCutter(16);
  const owned = new Set<ArrayBufferLike>();
  for (let i = 0; i < 100; i++) for (const r of own.push(line)) owned.add(r.bytes.buffer);
  assert.ok(owned.size >= 99, `${owned.size} buffers`);
});
