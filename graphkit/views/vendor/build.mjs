// Bundles sigma.js and graphology (the versions pinned in package-lock.json) into the one
// minified file graphkit inlines into its views, and copies their licences beside it.
// Run: npm ci && npm run build   (tests/test_views_vendor.py checks the result).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";

const out = "dist/graphkit-renderer.min.js";
await build({
  entryPoints: ["entry.mjs"],
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "graphkitRenderer",
  target: "es2019",
  legalComments: "none",
  outfile: out,
  logLevel: "warning",
});

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const bundled = ["sigma", "graphology", "graphology-utils", "events"];
mkdirSync("dist/licenses", { recursive: true });
const packages = {};
for (const name of bundled) {
  const meta = lock.packages[`node_modules/${name}`];
  const info = JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8"));
  const licence = ["LICENSE.txt", "LICENSE", "LICENSE.md"].find((file) => {
    try { readFileSync(`node_modules/${name}/${file}`); return true; } catch { return false; }
  });
  copyFileSync(`node_modules/${name}/${licence}`, `dist/licenses/${name}.LICENSE.txt`);
  packages[name] = { version: meta.version, integrity: meta.integrity, license: info.license };
}
const sha256 = createHash("sha256").update(readFileSync(out)).digest("hex");
const manifest = { file: "graphkit-renderer.min.js", sha256, esbuild: lock.packages["node_modules/esbuild"].version, packages };
writeFileSync("dist/manifest.json", JSON.stringify(manifest, null, 2) + "\n");
console.log(`${out}: ${readFileSync(out).length} bytes, sha256 ${sha256}`);
