import assert from "node:assert/strict";
import { InputError } from "../errors.ts";
import { decodeText, type TextEncodingName } from "./decode.ts";

/** Yields `bytes` in pieces of `size` bytes, to exercise chunk boundaries. */
async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function decodeAll(
  bytes: Uint8Array,
  size = 3,
): Promise<{ text: string; encoding?: TextEncodingName }> {
  let text = "";
  let encoding: TextEncodingName | undefined;
  for await (
    const t of decodeText(pieces(bytes, size), {
      file: "x.csv",
      rejectNul: true,
      onEncoding: (e) => encoding = e,
    })
  ) {
    text += t;
  }
  return encoding === undefined ? { text } : { text, encoding };
}

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const out: number[] = bom ? (bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]) : [];
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (bigEndian) out.push(u >> 8, u & 0xff);
    else out.push(u & 0xff, u >> 8);
  }
  return new Uint8Array(out);
}

const TEXT = "Résultat,Utilisateur\r\nCONFIG_ISSUE,jürgen@contoso.example 🔐\r\n";
const utf8 = new TextEncoder().encode(TEXT);

const GOOD: { name: string; bytes: Uint8Array; encoding: TextEncodingName }[] = [
  { name: "UTF-8 without BOM", bytes: utf8, encoding: "utf-8" },
  { name: "UTF-8 with BOM", bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), encoding: "utf-8-bom" },
  { name: "UTF-16 LE with BOM", bytes: utf16(TEXT, false, true), encoding: "utf-16le" },
  { name: "UTF-16 BE with BOM", bytes: utf16(TEXT, true, true), encoding: "utf-16be" },
  { name: "UTF-16 LE without BOM", bytes: utf16(TEXT, false, false), encoding: "utf-16le" },
  { name: "UTF-16 BE without BOM", bytes: utf16(TEXT, true, false), encoding: "utf-16be" },
];

Deno.test("decodeText() decodes every supported encoding across chunk boundaries and drops the BOM", async (t) => {
  for (const c of GOOD) {
    for (const size of [1, 2, 3, 7, 1024]) {
      await t.step(`decodeText() reads ${c.name} in ${size}-byte chunks`, async () => {
        const r = await decodeAll(c.bytes, size);
        assert.equal(r.text, TEXT);
        assert.equal(r.encoding, c.encoding);
      });
    }
  }
});

Deno.test("decodeText() reads an empty file and a file shorter than 4 bytes", async () => {
  assert.deepEqual(await decodeAll(new Uint8Array(0)), { text: "", encoding: "utf-8" });
  assert.deepEqual(await decodeAll(new TextEncoder().encode("ab")), { text: "ab", encoding: "utf-8" });
  assert.deepEqual(await decodeAll(new Uint8Array([0xef, 0xbb, 0xbf])), { text: "", encoding: "utf-8-bom" });
});

const header = new TextEncoder().encode("Call Result\nCONFIG_ISSUE\n"); // 25 bytes, 2 lines

const BAD: { name: string; bytes: Uint8Array; byte: number; message: RegExp }[] = [
  {
    name: "a lone 0xFF byte",
    bytes: new Uint8Array([...header, 0xff, 0x41]),
    byte: 25,
    message:
      /^x\.csv \(byte 25\): Cannot decode text: invalid UTF-8 byte 0xff on line 3, column 1 \(expected utf-8; save the file/,
  },
  {
    name: "Latin-1 é (0xE9 followed by ASCII)",
    bytes: new Uint8Array([0x52, 0xe9, 0x73]),
    byte: 1,
    message: /invalid UTF-8 byte 0xe9 on line 1, column 2/,
  },
  {
    name: "an overlong encoding of '/'",
    bytes: new Uint8Array([0x41, 0xc0, 0xaf]),
    byte: 1,
    message: /invalid UTF-8 byte 0xc0/,
  },
  {
    name: "an encoded UTF-16 surrogate",
    bytes: new Uint8Array([0x41, 0xed, 0xa0, 0x80]),
    byte: 1,
    message: /invalid UTF-8 byte 0xed/,
  },
  {
    name: "a truncated character at the end",
    bytes: new Uint8Array([...header, 0xe2, 0x82]),
    byte: 25,
    message: /an incomplete UTF-8 sequence at the end of the file on line 3/,
  },
  {
    name: "a NUL byte (binary file)",
    bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00]),
    byte: 5,
    message: /NUL character on line 1, column 6 \(a binary file\?\)/,
  },
  {
    name: "random binary garbage",
    bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]),
    byte: 0,
    message: /invalid UTF-8 byte 0x89 on line 1, column 1/,
  },
  {
    name: "UTF-16 LE with an unpaired high surrogate",
    bytes: new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x3d, 0xd8, 0x41, 0x00]),
    byte: 4,
    message: /unpaired UTF-16 surrogate/,
  },
  {
    name: "UTF-16 BE with a lone low surrogate",
    bytes: new Uint8Array([0xfe, 0xff, 0x00, 0x41, 0xdc, 0x00]),
    byte: 4,
    message: /unpaired UTF-16 surrogate/,
  },
  {
    name: "UTF-16 LE with an odd number of bytes",
    bytes: new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42]),
    byte: 4,
    message: /an incomplete UTF-16 code unit/,
  },
  {
    name: "UTF-16 LE with a NUL character",
    bytes: new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x00, 0x00]),
    byte: 4,
    message: /NUL character/,
  },
];

Deno.test("decodeText() rejects invalid bytes with an InputError naming the file and byte", async (t) => {
  for (const c of BAD) {
    for (const size of [1, 4096]) {
      await t.step(`decodeText() rejects ${c.name} (${size}-byte chunks) at byte ${c.byte}`, async () => {
        await assert.rejects(decodeAll(c.bytes, size), (e: unknown) => {
          assert.ok(e instanceof InputError);
          assert.equal(e.location.file, "x.csv");
          assert.equal(e.location.byte, c.byte);
          assert.match(e.message, c.message);
          assert.ok(!e.message.includes("\n"), "one line");
          return true;
        });
      });
    }
  }
});
