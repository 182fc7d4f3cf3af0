// The first-load JavaScript budget: what a browser must fetch before the app can draw its landing page
// (the entry, the markets page it opens on, and every chunk those import), gzipped as a server would
// send it. Vite's build manifest says which chunks those are.
//   node apps/web/scripts/budget.ts   (after `npm run build --workspace apps/web`)
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** The budget CI holds the app to, in gzipped bytes. Raise it only with a reason in docs/web.md. */
export const FIRST_LOAD_BUDGET = 240_000;
/** The page the app opens on. */
const LANDING = "src/pages/Markets.tsx";

type ManifestChunk = { file: string; imports?: string[]; isEntry?: boolean };
export type FirstLoad = { files: { file: string; bytes: number; gzipped: number }[]; gzipped: number };

export function measureFirstLoad(dist: string): FirstLoad {
  const manifest = JSON.parse(readFileSync(path.join(dist, ".vite", "manifest.json"), "utf8")) as Record<
    string,
    ManifestChunk
  >;
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  if (!entry || !manifest[LANDING]) throw new Error(`the build manifest names no entry or no ${LANDING}`);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key].imports ?? []) visit(imported);
  };
  visit(entry);
  visit(LANDING);
  const files = [...seen].map((key) => {
    const body = readFileSync(path.join(dist, manifest[key].file));
    return { file: manifest[key].file, bytes: body.length, gzipped: gzipSync(body, { level: 9 }).length };
  });
  return { files, gzipped: files.reduce((sum, f) => sum + f.gzipped, 0) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const measured = measureFirstLoad(fileURLToPath(new URL("../dist", import.meta.url)));
  for (const f of measured.files)
    console.log(`${f.file}  ${(f.bytes / 1000).toFixed(1)} kB, ${(f.gzipped / 1000).toFixed(1)} kB gzipped`);
  console.log(
    `First load: ${(measured.gzipped / 1000).toFixed(1)} kB gzipped of a ${(FIRST_LOAD_BUDGET / 1000).toFixed(0)} kB budget.`,
  );
  if (measured.gzipped > FIRST_LOAD_BUDGET) process.exitCode = 1;
}
