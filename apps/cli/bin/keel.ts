#!/usr/bin/env node
// The `keel` command. The package runs its build (dist/keel.js, bundled by scripts/build.ts, what `npx
// keel` starts); Node 22 also runs this TypeScript directly (type stripping), as the tests do. main()
// loads only the module of the command being run, so keep this file free of other imports.
import { main } from "../src/main.ts";

await main(process.argv);
