#!/usr/bin/env node
// The `keel` command, from its sources: the build bundles this entry into dist/keel.js (what the
// package's bin/keel.js starts), and Node 22 also runs it directly (type stripping). main() loads
// only the module of the command being run, so keep this file free of other imports.
import { main } from "./main.ts";

await main(process.argv);
