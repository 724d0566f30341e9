/**
 * Where the portal puts a sign-in CSV's AuthDetails file: next to it, named after it.
 *
 * @module
 */
/**
 * The portal AuthDetails file that belongs to a sign-in CSV path, when it exists next to it:
 * `InteractiveSignIns_2024-05-01_2024-05-02.csv` → `InteractiveSignIns_AuthDetails_2024-05-01_2024-05-02.csv`.
 *
 * @param path the sign-in CSV path
 * @returns the AuthDetails path, or null (not a portal name, no such file, or no permission to look)
 *
 * @example No AuthDetails file to find
 * ```ts
 * import { findAuthDetailsSibling } from "./auth_details_sibling.ts";
 * import assert from "node:assert/strict";
 * assert.equal(await findAuthDetailsSibling("/nonexistent/InteractiveSignIns_a_b.csv"), null);
 * assert.equal(await findAuthDetailsSibling("/nonexistent/export.csv"), null);
 * ```
 */
export async function findAuthDetailsSibling(path: string): Promise<string | null> {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  const dir = path.slice(0, slash + 1);
  const base = path.slice(slash + 1);
  const m = /^((?:Non)?Interactive|Application|MSI)SignIns_(.+)$/i.exec(base);
  if (m === null || /^AuthDetails_/i.test(m[2]!)) return null;
  const candidate = `${dir}${m[1]}SignIns_AuthDetails_${m[2]}`;
  try {
    return (await Deno.stat(candidate)).isFile ? candidate : null;
  } catch {
    return null;
  }
}
