import assert from "node:assert/strict";
import { TextChunkDecoder } from "./decode.ts";
import { createPrng } from "../../dev/sample/prng.ts";

function decode(bytes: number[], size: number): { text: string; encoding: string | null } {
  const d = new TextChunkDecoder("t.txt");
  let text = "";
  for (let i = 0; i < bytes.length; i += size) text += d.decode(new Uint8Array(bytes.slice(i, i + size)));
  text += d.end();
  return { text, encoding: d.encoding };
}

const utf8 = (s: string) => [...new TextEncoder().encode(s)];

Deno.test("TextChunkDecoder detects the encoding and decodes across chunk boundaries", async (t) => {
  const CASES = [
    { name: "UTF-8", bytes: utf8("añ€🙂"), text: "añ€🙂", encoding: "utf-8" },
    { name: "UTF-8 with BOM", bytes: [0xef, 0xbb, 0xbf, ...utf8("a€")], text: "a€", encoding: "utf-8-bom" },
    {
      name: "UTF-16 LE with BOM",
      bytes: [0xff, 0xfe, 0x61, 0x00, 0x3d, 0xd8, 0x42, 0xde],
      text: "a🙂",
      encoding: "utf-16le",
    },
    {
      name: "UTF-16 BE with BOM",
      bytes: [0xfe, 0xff, 0x00, 0x61, 0xd8, 0x3d, 0xde, 0x42],
      text: "a🙂",
      encoding: "utf-16be",
    },
    { name: "a U+FFFD written in the file", bytes: utf8("a\uFFFDb"), text: "a\uFFFDb", encoding: "utf-8" },
    { name: "a short file", bytes: utf8("{}"), text: "{}", encoding: "utf-8" },
  ];
  for (const c of CASES) {
    for (const size of [1, 2, 3, 100]) {
      await t.step(`TextChunkDecoder decodes ${c.name} (${size}-byte chunks)`, () => {
        assert.deepEqual(decode(c.bytes, size), { text: c.text, encoding: c.encoding });
      });
    }
  }
});

Deno.test("TextChunkDecoder names the byte of invalid input", async (t) => {
  const CASES = [
    {
      name: "a bad continuation byte",
      bytes: [0x61, 0x62, 0xe2, 0x82, 0x28],
      message: /^InputError: t\.txt \(byte 2\): Cannot decode text: invalid UTF-8 byte 0xe2/,
    },
    {
      name: "a lone continuation byte",
      bytes: [0x61, 0x62, 0x63, 0x80, 0x64],
      message: /^InputError: t\.txt \(byte 3\): Cannot decode text: invalid UTF-8 byte 0x80/,
    },
    {
      name: "an overlong encoding",
      bytes: [0x61, 0x62, 0x63, 0xc0, 0xaf],
      message: /\(byte 3\): Cannot decode text: invalid UTF-8 byte 0xc0/,
    },
    {
      name: "a sequence cut off at the end",
      bytes: [0x61, 0x62, 0x63, 0x64, 0xe2, 0x82],
      message: /\(byte 4\): Cannot decode text: an incomplete UTF-8 sequence at the end of the file/,
    },
    {
      name: "an unpaired UTF-16 surrogate",
      bytes: [0xff, 0xfe, 0x61, 0x00, 0x00, 0xdc, 0x62, 0x00],
      message: /\(byte 4\): Cannot decode text: an unpaired UTF-16 surrogate/,
    },
    {
      name: "UTF-16 BE without BOM whose second character is not ASCII",
      bytes: [0x00, 0x7b, 0x4e, 0x2d],
      message:
        /\(byte 0\): Cannot decode text: the file looks like UTF-16 \(big-endian\) without a byte-order mark/,
    },
  ];
  for (const c of CASES) {
    for (const size of [1, 3, 100]) {
      await t.step(`TextChunkDecoder rejects ${c.name} (${size}-byte chunks)`, () => {
        assert.throws(() => decode(c.bytes, size), c.message);
      });
    }
  }
});

/**
 * Differential, seeded: UTF-8 is decoded without the stream mode (whole characters only, a
 * character cut at a chunk's end held for the next). Any chunking must give the text of one
 * `TextDecoder.decode` of the whole input when it is valid, and the same error (message and byte)
 * as the whole input in one chunk when it is not.
 */
Deno.test("TextChunkDecoder: UTF-8 cut anywhere decodes as the whole (seeded random bytes and chunkings)", () => {
  const PIECES = [
    utf8("a"),
    utf8('{"k":1}\n'),
    utf8("é"),
    utf8("€"),
    utf8("🙂"),
    utf8("\uFFFD"),
    utf8("\u0800"),
    utf8("\uD7FF"),
    utf8("\uE000"),
    utf8("\u{10FFFF}"),
  ];
  // invalid: lone continuation, bad leads, overlong, surrogate, above U+10FFFF, cut sequences
  const BAD = [
    [0x80],
    [0xbf],
    [0xc0, 0xaf],
    [0xc1],
    [0xf5],
    [0xff],
    [0xe0, 0x80],
    [0xed, 0xa0, 0x80],
    [
      0xf4,
      0x90,
      0x80,
      0x80,
    ],
    [0xe2, 0x82],
    [0xf0, 0x9f],
    [0xf0],
  ];
  for (let seed = 1; seed <= 1000; seed++) {
    const r = createPrng(20261207, seed);
    const bytes: number[] = [];
    const invalid = r.chance(0.4);
    const n = r.int(0, 40);
    const badAt = invalid ? r.int(0, n) : -1;
    for (let i = 0; i <= n; i++) {
      if (i === badAt) bytes.push(...BAD[r.int(0, BAD.length - 1)]!);
      else bytes.push(...PIECES[r.int(0, PIECES.length - 1)]!);
    }
    const whole = run(bytes, [bytes.length]);
    const cuts: number[] = [];
    for (let left = bytes.length; left > 0;) {
      const k = Math.min(left, r.int(1, 6));
      cuts.push(k);
      left -= k;
    }
    const got = run(bytes, cuts);
    const why = `seed ${seed}: bytes ${JSON.stringify(bytes)} in chunks ${JSON.stringify(cuts)}`;
    assert.deepEqual(got, whole, why);
    if (!("error" in whole)) {
      assert.equal(
        whole.text,
        new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(bytes)),
        why,
      );
    }
  }
});

function run(bytes: number[], cuts: number[]): { text: string } | { error: string } {
  const d = new TextChunkDecoder("t.txt");
  let text = "", at = 0;
  try {
    for (const k of cuts) {
      text += d.decode(new Uint8Array(bytes.slice(at, at + k)));
      at += k;
    }
    text += d.end();
    return { text };
  } catch (e) {
    return { error: String(e) };
  }
}
