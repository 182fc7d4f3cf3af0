import type { BlockView } from "../chain/view.ts";
import type { Samples } from "../engine/samples.ts";

/** What a condition reads with: the block's state, the sampled history, and the vaults by owner. */
export type ConditionContext = {
  view: BlockView;
  samples: Samples;
  /** The vaults an owner holds now (kept current from the engine's Open and TransferVault events). */
  vaultsOf: (owner: `0x${string}`) => bigint[];
};
