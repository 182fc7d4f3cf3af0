import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import CoreModule from "./Core.js";
import RateModelsModule from "./RateModels.js";

/**
 * Hands the configurator to a TimelockController. Ownership moves in two steps (Ownable2Step):
 * this module proposes it, and the timelock's first scheduled operation calls `acceptOwnership`.
 */
export default buildModule("KeelGovernance", (m) => {
  const { configurator } = m.useModule(CoreModule);
  m.useModule(RateModelsModule);
  const deployer = m.getAccount(0);
  const timelock = m.contract("TimelockController", [
    m.getParameter("timelockMinDelay", 2n * 24n * 3600n),
    [m.getParameter("timelockProposer", deployer)],
    [m.getParameter("timelockExecutor", deployer)],
    "0x0000000000000000000000000000000000000000",
  ]);
  m.call(configurator, "transferOwnership", [timelock]);
  return { timelock };
});
