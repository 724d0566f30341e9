/**
 * `deno task schemas`: writes `schemas/*.schema.json` from the code's `zod` schemas.
 *
 * @module
 */
import { buildJsonSchemas, SCHEMA_DIR } from "../lib/json_schema/build.ts";

if (import.meta.main) {
  const dir = new URL(`../${SCHEMA_DIR}/`, import.meta.url);
  await Deno.mkdir(dir, { recursive: true });
  for (const [file, text] of buildJsonSchemas()) {
    await Deno.writeTextFile(new URL(file, dir), text);
    console.log(`${SCHEMA_DIR}/${file}`);
  }
}
