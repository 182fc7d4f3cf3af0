import { cdpEngineAbi } from "../abis/CdpEngine.ts";
import { pegStabilityModuleAbi } from "../abis/PegStabilityModule.ts";
import type { CdpRevertError } from "../math/cdp/errors.ts";
import type { KeelErrorContext } from "./context.ts";
import { keelErrorSentences } from "./sentences.ts";

/**
 * The sentence for a revert the kUSD math predicts: the same one the SDK gives when the engine or a
 * peg module reverts on chain. `context.collateral` (or `token`) names the collateral or stablecoin.
 */
export function explainCdpRevert({ errorName, args }: CdpRevertError, context: KeelErrorContext = {}): string {
  // The engine's and the peg module's own declarations name the arguments.
  const item = [...cdpEngineAbi, ...pegStabilityModuleAbi].find(
    (entry) => entry.type === "error" && entry.name === errorName && entry.inputs.length === args.length,
  );
  const inputs = item && "inputs" in item ? item.inputs : [];
  const named = Object.fromEntries(inputs.map((input, index) => [input.name, args[index]]));
  return keelErrorSentences[errorName](named, context);
}
