import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import CdpModule from "./Cdp.js";
import GovernanceModule from "./Governance.js";

/**
 * Hands kUSD and the engine to the money market's TimelockController, as Governance does for the
 * configurator. Ownership moves in two steps (Ownable2Step): this module proposes it, and the
 * timelock's first scheduled operations call `acceptOwnership` on each. Run it after the network's
 * collateral types and peg modules are in place; a peg module is proposed the same way by the module
 * that deploys it.
 */
export default buildModule("KeelCdpGovernance", (m) => {
  const { timelock } = m.useModule(GovernanceModule);
  const { kusd, engine } = m.useModule(CdpModule);
  m.call(kusd, "transferOwnership", [timelock], { id: "proposeKusdOwner" });
  m.call(engine, "transferOwnership", [timelock], { id: "proposeEngineOwner" });
  return { timelock, kusd, engine };
});
