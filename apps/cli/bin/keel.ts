#!/usr/bin/env node
// The `keel` command. Node 22 runs this TypeScript directly (type stripping); npm puts the project's
// Node 22 first on PATH for `npm start` and `npx keel`.
import { main } from "../src/main.ts";

await main(process.argv);
