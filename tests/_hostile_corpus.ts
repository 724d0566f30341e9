/**
 * Test helper: the hostile-input corpus. Small cases live in `testdata/hostile/` (see its
 * README.md); big, binary and deeply nested cases are generated here at test time into a temp
 * dir, so the repository does not carry 50 MB files (seeded by dev/testing/mulberry32.ts).
 *
 * @module
 */
import { PROJECT_ROOT } from "./_run_task.ts";
import { mulberry32 } from "../dev/testing/mulberry32.ts";

/** The folder of the static corpus. */
export const HOSTILE_DIR = `${PROJECT_ROOT}testdata/hostile`;

/** One corpus file. */
export interface CorpusFile {
  /** File name (its extension steers the readers that look at it). */
  name: string;
  /** Absolute path. */
  path: string;
  /** Big enough to run once per reader family instead of once per task. */
  heavy: boolean;
}

/** `n` pseudo-random bytes from `seed`. */
export function randomBytes(seed: number, n: number): Uint8Array {
  const next = mulberry32(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
  return out;
}

/**
 * Hostile strings for every renderer: each would, printed raw, break out of its line or cell,
 * run a CI command, drive the terminal, or hide / reorder text. `invisible` lists the characters
 * every report must show as `\uXXXX` text instead of passing them through.
 */
export const HOSTILE_STRINGS = [
  {
    name: "newline + Azure Pipelines command",
    value: "ana@contoso.example\n##vso[task.setvariable variable=x]y",
  },
  { name: "newline + GitHub Actions command", value: "ana@contoso.example\n::add-mask::secret" },
  { name: "leading GitHub Actions command", value: "::error file=x::boom" },
  { name: "Azure Pipelines command mid-line", value: "x ##vso[task.complete result=Succeeded]" },
  { name: "ESC colour and title sequence", value: "\u001b[31mred\u001b]0;title\u0007" },
  { name: "NUL and CR", value: "a\u0000b\rc" },
  { name: "C1 control (CSI)", value: "a\u009b31mb" },
  { name: "right-to-left override", value: "Ana \u202Egnp.exe" },
  { name: "bidi isolates", value: "\u2066admin\u2069 \u2067x\u2068y\u2069" },
  { name: "bidi marks and embeddings", value: "\u200E\u200F\u061C\u202A\u202B\u202C\u202D" },
  { name: "zero-width characters", value: "ad\u200Bmin\u200C\u200D\u2060\uFEFF@contoso.example" },
  { name: "NEL and no-break space", value: "a\u0085b\u00A0c" },
  { name: "line and paragraph separators", value: "a\u2028b\u2029c" },
] as const;

/** The characters of {@linkcode HOSTILE_STRINGS} no rendered output may carry raw. */
export const RAW_FORBIDDEN: RegExp =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00A0\u061C\u200B-\u200F\u2028-\u202E\u2060\u2066-\u2069\uFEFF]/u;

/** 50 MiB: the single-field size of the big cases. */
export const BIG_FIELD_BYTES = 50 * 1024 * 1024;
/** Nesting depth of the deep JSON cases. */
export const DEEP_NESTING = 10_000;

const enc = new TextEncoder();

async function writeParts(
  path: string,
  parts: readonly (string | Uint8Array | { repeat: string; bytes: number })[],
) {
  const f = await Deno.open(path, { write: true, create: true, truncate: true });
  try {
    const w = f.writable.getWriter();
    for (const p of parts) {
      if (typeof p === "string") await w.write(enc.encode(p));
      else if (p instanceof Uint8Array) await w.write(p);
      else {
        const block = enc.encode(p.repeat.repeat(Math.ceil((1024 * 1024) / p.repeat.length)));
        for (let left = p.bytes; left > 0; left -= block.length) {
          await w.write(left >= block.length ? block : block.subarray(0, left));
        }
      }
    }
    await w.close();
  } catch (e) {
    try {
      f.close();
    } catch { /* closed by the writer */ }
    throw e;
  }
}

/** A generated case. */
interface GeneratedCase {
  name: string;
  heavy: boolean;
  parts: () => (string | Uint8Array | { repeat: string; bytes: number })[];
}

const deepArray = "[".repeat(DEEP_NESTING) + "]".repeat(DEEP_NESTING);
const deepObject = '{"a":'.repeat(DEEP_NESTING) + "1" + "}".repeat(DEEP_NESTING);

/** The generated cases: binary garbage, 10,000-deep JSON, 50 MB single fields. */
export const GENERATED_CASES: readonly GeneratedCase[] = [
  { name: "binary_garbage.bin", heavy: false, parts: () => [randomBytes(0x5eed, 256 * 1024)] },
  { name: "binary_garbage.csv", heavy: false, parts: () => [randomBytes(0xbad, 64 * 1024)] },
  {
    name: "binary_after_header.csv",
    heavy: false,
    parts: () => [
      "User principal name,Methods registered,Call Result,Date (UTC),Request ID\r\n",
      randomBytes(0xf00d, 64 * 1024),
    ],
  },
  { name: "deep_array.json", heavy: false, parts: () => [deepArray] },
  { name: "deep_object.json", heavy: false, parts: () => [deepObject] },
  {
    name: "deep_in_record.ndjson",
    heavy: false,
    parts: () => [
      `{"id":"s-0001","createdDateTime":"2024-05-01T10:00:00Z","userPrincipalName":"ana@contoso.example",` +
      `"status":{"errorCode":0},"userDisplayName":${deepObject},"x":${deepArray}}\n`,
    ],
  },
  {
    name: "deep_in_registration.json",
    heavy: false,
    parts: () => [
      `[{"id":"11111111-0000-4000-8000-000000000001","userPrincipalName":"a1@contoso.example",` +
      `"isMfaRegistered":true,"methodsRegistered":${deepArray},"userDisplayName":${deepObject}}]\n`,
    ],
  },
  { name: "deep_unclosed.json", heavy: false, parts: () => ["[".repeat(DEEP_NESTING) + '{"a":'] },
  {
    name: "big_field_unquoted.csv",
    heavy: true,
    parts: () => [
      "Date/Time,Username,Call Result,User principal name,Methods registered,Date (UTC),Request ID\r\n",
      "3/4/2024 9:01:00 AM,",
      { repeat: "a", bytes: BIG_FIELD_BYTES },
      ",SUCCESS_NO_PIN,a1@contoso.example,mobilePhone,2024-05-04T07:00:00Z,r-1\r\n",
    ],
  },
  {
    name: "big_field_quoted.csv",
    heavy: true,
    parts: () => [
      "Date/Time,Username,Call Result,User principal name,Methods registered,Date (UTC),Request ID\r\n",
      '3/4/2024 9:01:00 AM,"',
      { repeat: 'ab,"" \r\n', bytes: BIG_FIELD_BYTES },
      '",SUCCESS_NO_PIN,a1@contoso.example,mobilePhone,2024-05-04T07:00:00Z,r-1\r\n',
    ],
  },
  {
    name: "big_header_line.csv",
    heavy: true,
    parts: () => [{ repeat: "Header,", bytes: BIG_FIELD_BYTES }, "\r\n1,2\r\n"],
  },
  {
    name: "big_field.json",
    heavy: true,
    parts: () => [
      '[{"id":"11111111-0000-4000-8000-000000000001","createdDateTime":"2024-05-01T10:00:00Z",' +
      '"isMfaRegistered":true,"status":{"errorCode":0},"userPrincipalName":"',
      { repeat: "a", bytes: BIG_FIELD_BYTES },
      '@contoso.example"}]\n',
    ],
  },
  {
    name: "big_field.ndjson",
    heavy: true,
    parts: () => [
      '{"id":"s-0001","createdDateTime":"2024-05-01T10:00:00Z","status":{"errorCode":0},"userDisplayName":"',
      { repeat: "\\u0041", bytes: BIG_FIELD_BYTES },
      '"}\n',
    ],
  },
  {
    name: "big_unterminated_string.json",
    heavy: true,
    parts: () => ['[{"userPrincipalName":"', { repeat: "x", bytes: BIG_FIELD_BYTES }],
  },
];

/** The static corpus files in `testdata/hostile/` (README.md excluded), sorted by name. */
export async function staticCorpus(): Promise<CorpusFile[]> {
  const out: CorpusFile[] = [];
  for await (const e of Deno.readDir(HOSTILE_DIR)) {
    if (!e.isFile || e.name === "README.md") continue;
    out.push({ name: e.name, path: `${HOSTILE_DIR}/${e.name}`, heavy: false });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * Writes the generated cases into `dir`.
 *
 * @param dir an existing directory
 * @param which `light`, `heavy` or `all`
 */
export async function generateCorpus(
  dir: string,
  which: "light" | "heavy" | "all" = "all",
): Promise<CorpusFile[]> {
  const out: CorpusFile[] = [];
  for (const c of GENERATED_CASES) {
    if (which === "light" && c.heavy) continue;
    if (which === "heavy" && !c.heavy) continue;
    const path = `${dir}/${c.name}`;
    await writeParts(path, c.parts());
    out.push({ name: c.name, path, heavy: c.heavy });
  }
  return out;
}
