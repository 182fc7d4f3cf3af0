#!/usr/bin/env node
// The package's bin: the monitor runs from its TypeScript sources with Node's type stripping.
await import("../src/bin.ts");
