// Builds the front-end files `ruhrgraph serve` ships (run by `make web`, see docs/linked-data.md):
//   static/vendor/yasgui.min.js, yasgui.min.css   YASGUI as published by @zazuko/yasgui (copied)
//   static/vendor/network.min.js                  sigma.js + graphology + src/network.js (bundled)
// Everything comes from node_modules, installed from package-lock.json by `npm ci`; nothing is
// fetched when the pages are used.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "ruhrgraph", "publish", "serve", "static", "vendor");
mkdirSync(out, { recursive: true });

const yasgui = join(here, "node_modules", "@zazuko", "yasgui", "build");
copyFileSync(join(yasgui, "yasgui.min.js"), join(out, "yasgui.min.js"));
copyFileSync(join(yasgui, "yasgui.min.css"), join(out, "yasgui.min.css"));
// the source-map comment would make browsers ask for a file that is not shipped
for (const name of ["yasgui.min.js", "yasgui.min.css"]) {
  const path = join(out, name);
  writeFileSync(path, readFileSync(path, "utf8").replace(/\n?\/[*/]# sourceMappingURL=\S+( \*\/)?\s*$/, "\n"));
}

await build({
  entryPoints: [join(here, "src", "network.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2019"],
  legalComments: "eof",
  outfile: join(out, "network.min.js"),
});

const versions = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8")).packages;
const shipped = ["@zazuko/yasgui", "sigma", "graphology"].map(
  (name) => `${name} ${versions[`node_modules/${name}`].version}`);
writeFileSync(join(out, "VERSIONS.txt"), `Built by web/build.mjs from web/package-lock.json:\n${shipped.join("\n")}\n`);
console.log(`wrote ${out}: ${shipped.join(", ")}`);
