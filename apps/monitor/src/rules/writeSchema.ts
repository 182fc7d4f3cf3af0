// Writes rules.schema.json from the zod schema (npm run schema); a test fails when the two differ.
import { writeFileSync } from "node:fs";
import { rulesJsonSchema } from "./schema.ts";

const target = new URL("../../rules.schema.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(rulesJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target.pathname}\n`);
