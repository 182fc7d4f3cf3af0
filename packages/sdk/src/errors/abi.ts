import * as abis from "../abis/index.ts";
import type { AbiError } from "./abiError.ts";

type GeneratedAbis = typeof abis;
type ErrorItemOf<abi> = abi extends readonly (infer item)[] ? Extract<item, { type: "error" }> : never;

/** Every custom error item of the generated ABIs (pool, configurator, oracles, rate models, periphery, tokens). */
export type KeelErrorAbiItem = { [name in keyof GeneratedAbis]: ErrorItemOf<GeneratedAbis[name]> }[keyof GeneratedAbis];

/** Name of a custom error some Keel contract (or a token it calls) can raise. */
export type KeelErrorName = KeelErrorAbiItem["name"];

/**
 * One ABI holding each custom error of the generated ABIs once, so revert data from any contract in
 * a call's path (the pool, an oracle adapter it reads, the token it moves) decodes by its selector.
 * Where two contracts declare one signature with different argument names, the pool's is kept; a
 * caller that knows which contract it called passes that ABI in the context.
 */
export const keelErrorsAbi: readonly AbiError[] = (() => {
  const bySignature = new Map<string, AbiError>();
  // The pool first: its reading of a shared signature is the default.
  for (const abi of [abis.keelPoolAbi, ...Object.values(abis)] as readonly (readonly { type: string }[])[]) {
    for (const item of abi) {
      if (item.type !== "error") continue;
      const error = item as AbiError;
      const signature = `${error.name}(${error.inputs.map((input) => input.type).join(",")})`;
      if (!bySignature.has(signature)) bySignature.set(signature, error);
    }
  }
  return [...bySignature.values()];
})();
