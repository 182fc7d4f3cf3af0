// Builds the `keel` command into dist/: one ES module per entry, with everything it imports (the SDK,
// viem, commander...) bundled in and split into chunks that each command loads only when it runs.
// Loading a few bundled files instead of hundreds of modules is what brings a read command's start-up
// from about 0.55 s to about 0.3 s (scripts/startup.ts measures it; decision 0032).
//
// dist/ is flat, and that is load-bearing: `keel devnet` hands Hardhat the path of chainConfig.js,
// which it finds beside its own module (import.meta.url), whichever chunk that module lands in.
// Types are checked by the repository's `npm run typecheck`, not here.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = `${root}dist`;

rmSync(outdir, { recursive: true, force: true });
const { metafile } = await build({
  absWorkingDir: root,
  entryPoints: { keel: "src/bin.ts", chainConfig: "src/commands/devnet/chainConfig.ts" },
  outdir,
  entryNames: "[name]",
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  // The SDK from its TypeScript sources, as in the workspace: the build needs no SDK build first.
  conditions: ["keel-source"],
  // Bundled CommonJS packages (cli-table3, ethers' dependencies...) call require() for Node's own
  // modules; an ES module has no require, so every file gets one.
  banner: {
    js: 'import { createRequire as __keelCreateRequire } from "node:module";\nconst require = __keelCreateRequire(import.meta.url);',
  },
  // The packages' licences go to one file instead (below), in full rather than as scattered comments.
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});
writeFileSync(path.join(outdir, "THIRD-PARTY-LICENSES.md"), thirdPartyLicenses(metafile));

/**
 * The name, version, licence and licence text of every package the bundle holds code from: their
 * licences (MIT and the like) ask that the notice travel with the code.
 */
function thirdPartyLicenses(meta: Metafile): string {
  const packageDirs = new Set<string>();
  for (const input of Object.keys(meta.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packageDirs.add(path.resolve(root, match[1]));
  }
  const sections = [...packageDirs]
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
      const licenceFile = readdirSync(dir).find((file) => /^(licen[cs]e|copying)/i.test(file));
      const text = licenceFile ? readFileSync(path.join(dir, licenceFile), "utf8").trim() : "";
      return { name: manifest.name as string, version: manifest.version as string, licence: manifest.license, text };
    })
    // A package installed at several places (nested copies of one version) is listed once.
    .filter((s, i, all) => all.findIndex((t) => t.name === s.name && t.version === s.version) === i)
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const missing = sections.filter((section) => !section.text);
  if (missing.length > 0) console.warn(`no licence file in: ${missing.map((s) => s.name).join(", ")}`);
  return [
    "# Third-party licences",
    "",
    "`keel` bundles code from these packages. Their licences follow.",
    ...sections.flatMap((s) => [
      "",
      `## ${s.name} ${s.version} (${s.licence})`,
      "",
      s.text || "(no licence file in the package)",
    ]),
    "",
  ].join("\n");
}
