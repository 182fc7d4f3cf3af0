import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import CoreModule from "./Core.js";

/** Both rate models, enabled in the configurator. Yearly rates in WAD; see docs/money-market.md. */
export default buildModule("KeelRateModels", (m) => {
  const { configurator } = m.useModule(CoreModule);

  const kinked = m.contract("KinkedRateModel", [
    m.getParameter("kinkedBaseRate", 0n),
    m.getParameter("kinkedSlope1", 40_000_000_000_000_000n), // 4% a year up to the kink
    m.getParameter("kinkedSlope2", 750_000_000_000_000_000n), // +75% a year from kink to full
    m.getParameter("kinkedOptimalUtilization", 900_000_000_000_000_000n), // 90%
  ]);
  const adaptive = m.contract("AdaptiveRateModel", [
    m.getParameter("adaptiveTargetUtilization", 900_000_000_000_000_000n),
    m.getParameter("adaptiveSteepness", 4_000_000_000_000_000_000n),
    m.getParameter("adaptiveSpeedPerYear", 50_000_000_000_000_000_000n),
    m.getParameter("adaptiveRates", [
      40_000_000_000_000_000n, // initial rate at target: 4% a year
      1_000_000_000_000_000n, // minimum: 0.1%
      2_000_000_000_000_000_000n, // maximum: 200%
    ]),
  ]);
  m.call(configurator, "setRateModelEnabled", [kinked, true], { id: "enableKinked" });
  m.call(configurator, "setRateModelEnabled", [adaptive, true], { id: "enableAdaptive" });

  return { kinked, adaptive };
});
