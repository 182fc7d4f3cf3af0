import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { DEFAULT_KINKED_MODEL } from "../defaults.js";
import CoreModule from "./Core.js";

/** Both rate models, enabled in the configurator. Yearly rates in WAD; see docs/money-market.md. */
export default buildModule("KeelRateModels", (m) => {
  const { configurator } = m.useModule(CoreModule);

  const kinked = m.contract("KinkedRateModel", [
    m.getParameter("kinkedBaseRate", DEFAULT_KINKED_MODEL.baseRate),
    m.getParameter("kinkedSlope1", DEFAULT_KINKED_MODEL.slope1),
    m.getParameter("kinkedSlope2", DEFAULT_KINKED_MODEL.slope2),
    m.getParameter("kinkedOptimalUtilization", DEFAULT_KINKED_MODEL.optimalUtilization),
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
