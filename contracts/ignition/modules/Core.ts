import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { DEFAULT_RISK_BOUNDS } from "../defaults.js";

/**
 * The money-market core: KeelConfigurator (governance, listing, risk admin) and the KeelPool
 * singleton, bound to each other once. The deployer owns the configurator until the Governance
 * module hands it to a TimelockController.
 */
export default buildModule("KeelCore", (m) => {
  const deployer = m.getAccount(0);
  const guardian = m.getParameter("guardian", deployer);
  const treasury = m.getParameter("treasury", deployer);
  const bounds = m.getParameter("riskBounds", { ...DEFAULT_RISK_BOUNDS });

  const configurator = m.contract("KeelConfigurator", [deployer, guardian, bounds]);
  const pool = m.contract("KeelPool", [configurator]);
  const bind = m.call(configurator, "bindPool", [pool]);
  m.call(configurator, "setTreasury", [treasury], { after: [bind] });

  return { configurator, pool };
});
