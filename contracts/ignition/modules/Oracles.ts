import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Chainlink adapters for a network's feeds. Each adapter rejects stale, out-of-bounds and
 * non-positive answers; `sequencerFeed` (zero on L1) adds the L2 sequencer check.
 */
export default buildModule("KeelOracles", (m) => {
  const zero = "0x0000000000000000000000000000000000000000";
  const sequencerFeed = m.getParameter("sequencerFeed", zero);
  const gracePeriod = m.getParameter("gracePeriod", 3600n);
  const maxAge = m.getParameter("maxAge", 86_400n);

  const ethFeed = m.getParameter<string>("ethUsdFeed");
  const usdcFeed = m.getParameter<string>("usdcUsdFeed");
  const ethUsd = m.contract(
    "ChainlinkAdapter",
    [
      ethFeed,
      18,
      maxAge,
      m.getParameter("ethMinAnswer", 1n),
      m.getParameter("ethMaxAnswer", 10n ** 14n),
      sequencerFeed,
      gracePeriod,
    ],
    { id: "EthUsdAdapter" },
  );
  const usdcUsd = m.contract(
    "ChainlinkAdapter",
    [
      usdcFeed,
      6,
      maxAge,
      m.getParameter("usdcMinAnswer", 1n),
      m.getParameter("usdcMaxAnswer", 10n ** 10n),
      sequencerFeed,
      gracePeriod,
    ],
    { id: "UsdcUsdAdapter" },
  );
  return { ethUsd, usdcUsd };
});
