// Fails when the committed types (src/schema.d.ts) are not what openapi-typescript makes of
// openapi/openapi.json now: the document changed and `npm run generate` was not run. Generates
// with the same command as `generate`, into a scratch file, and compares.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const committed = path.join(root, "src", "schema.d.ts");
const scratch = mkdtempSync(path.join(tmpdir(), "schema-drift-"));
const fresh = path.join(scratch, "schema.d.ts");
try {
  execFileSync(
    path.join(root, "node_modules", ".bin", "openapi-typescript"),
    ["../../openapi/openapi.json", "--output", fresh],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
  );
  const want = readFileSync(fresh, "utf8").split("\n");
  const have = readFileSync(committed, "utf8").split("\n");
  const line = want.findIndex((text, i) => text !== have[i]);
  if (line === -1 && want.length === have.length) {
    console.log(`src/schema.d.ts matches openapi/openapi.json (${have.length} lines)`);
  } else {
    const at = line === -1 ? Math.min(want.length, have.length) : line;
    console.error(`FAIL: src/schema.d.ts has drifted from openapi/openapi.json, from line ${at + 1}:`);
    console.error(`  committed: ${have[at] ?? "(end of file)"}`);
    console.error(`  generated: ${want[at] ?? "(end of file)"}`);
    console.error("Run `npm --prefix clients/typescript run generate` and commit src/schema.d.ts.");
    process.exitCode = 1;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
