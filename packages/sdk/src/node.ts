/**
 * @keel/sdk/node: what only Node can do (files). Everything else is in `@keel/sdk`, which runs in
 * browsers too.
 */
import { readFile } from "node:fs/promises";
import { type KeelDeployment, parseDeployment } from "./deployment.ts";

/** Reads and checks the deployment manifest at `path` (the file `keel devnet` writes). */
export async function loadDeployment(path: string): Promise<KeelDeployment> {
  return parseDeployment(JSON.parse(await readFile(path, "utf8")), path);
}
