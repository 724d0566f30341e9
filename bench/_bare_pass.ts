/**
 * The baseline the sign-in benchmarks compare against (issue #6): read the file in 1 MiB
 * chunks, decode, split lines and `JSON.parse` each one. For a one-record-per-line JSON array,
 * "[", "]" and the trailing commas are stripped. Nothing else.
 *
 * @module
 */

/**
 * Runs the bare pass over a file.
 *
 * @param path an NDJSON file or a one-record-per-line JSON array
 * @returns the number of records parsed
 */
export async function bareJsonLinesPass(path: string): Promise<number> {
  const file = await Deno.open(path);
  const buf = new Uint8Array(1024 * 1024);
  const dec = new TextDecoder();
  let carry = "", n = 0;
  const handle = (line: string) => {
    let s = line;
    if (s.endsWith(",")) s = s.slice(0, -1);
    if (s === "" || s === "[" || s === "]") return;
    JSON.parse(s);
    n++;
  };
  for (;;) {
    const r = await file.read(buf);
    if (r === null) break;
    const s = carry + dec.decode(buf.subarray(0, r), { stream: true });
    let p = 0;
    for (let nl = s.indexOf("\n"); nl >= 0; nl = s.indexOf("\n", p)) {
      handle(s.slice(p, nl));
      p = nl + 1;
    }
    carry = s.slice(p);
  }
  if (carry !== "") handle(carry);
  file.close();
  return n;
}
