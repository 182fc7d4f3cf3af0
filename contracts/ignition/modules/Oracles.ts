import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Chainlink adapters for a network's feeds. Each adapter rejects stale, out-of-bounds and
 * non-positive answers; `sequencerFeed` (zero on L1) adds the L2 sequencer check.
 * Parameters per asset: `<prefix>Feed` (required), `<prefix>MinAnswer`, `<prefix>MaxAnswer`.
 */
export default buildModule("KeelOracles", (m) => {
  const zero = "0x0000000000000000000000000000000000000000";
  const sequencerFeed = m.getParameter("sequencerFeed", zero);
  const gracePeriod = m.getParameter("gracePeriod", 3600n);
  const maxAge = m.getParameter("maxAge", 86_400n);

  const adapter = (id: string, prefix: string, assetDecimals: number, maxAnswer: bigint) =>
    m.contract(
      "ChainlinkAdapter",
      [
        m.getParameter<string>(`${prefix}Feed`),
        assetDecimals,
        maxAge,
        m.getParameter(`${prefix}MinAnswer`, 1n),
        m.getParameter(`${prefix}MaxAnswer`, maxAnswer),
        sequencerFeed,
        gracePeriod,
      ],
      { id },
    );

  const ethUsd = adapter("EthUsdAdapter", "ethUsd", 18, 10n ** 14n);
  const usdcUsd = adapter("UsdcUsdAdapter", "usdcUsd", 6, 10n ** 10n);
  return { ethUsd, usdcUsd };
});
