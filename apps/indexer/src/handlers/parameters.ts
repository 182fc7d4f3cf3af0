import type { Context } from "ponder:registry";
import { parameterChange } from "ponder:schema";
import { at, type EventAt, idOf, seqOf } from "../util.ts";

/** One row of the parameter-change log: which contract, which event, and what it did in words. */
export async function recordParameter(
  context: Context,
  event: EventAt,
  contract: string,
  name: string,
  description: string,
): Promise<void> {
  await context.db
    .insert(parameterChange)
    .values({ id: idOf(event), seq: seqOf(event), contract, event: name, description, ...at(event) });
}
