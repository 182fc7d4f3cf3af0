import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The money-market core: KeelConfigurator (governance, listing, risk admin) and the KeelPool
 * singleton, bound to each other once. The deployer owns the configurator until the Governance
 * module hands it to a TimelockController.
 */
export default buildModule("KeelCore", (m) => {
  const deployer = m.getAccount(0);
  const guardian = m.getParameter("guardian", deployer);
  const treasury = m.getParameter("treasury", deployer);
  const bounds = m.getParameter("riskBounds", {
    maxLtvBps: 9300,
    maxLiquidationThresholdBps: 9500,
    maxLiquidationBonusBps: 1500,
    maxReserveFactorBps: 5000,
    maxLiquidationFeeBps: 5000,
    maxFlashFeeBps: 100,
  });

  const configurator = m.contract("KeelConfigurator", [deployer, guardian, bounds]);
  const pool = m.contract("KeelPool", [configurator]);
  const bind = m.call(configurator, "bindPool", [pool]);
  m.call(configurator, "setTreasury", [treasury], { after: [bind] });

  return { configurator, pool };
});
