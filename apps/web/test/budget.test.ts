import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FIRST_LOAD_BUDGET, measureFirstLoad } from "../scripts/budget.ts";
import { dist } from "./helpers/world.ts";

describe("the app's first load", () => {
  it(`fetches at most ${FIRST_LOAD_BUDGET / 1000} kB of gzipped JavaScript before the markets page draws`, () => {
    const measured = measureFirstLoad(dist);
    const list = measured.files.map((f) => `${f.file} ${f.gzipped}`).join(", ");
    assert.ok(measured.files.length > 1, "the build manifest lists the entry and the markets page");
    assert.ok(measured.gzipped <= FIRST_LOAD_BUDGET, `${measured.gzipped} bytes gzipped: ${list}`);
  });
});
