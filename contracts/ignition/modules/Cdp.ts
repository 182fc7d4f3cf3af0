import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The kUSD engine: the Kusd stablecoin and the CdpEngine, the engine made a minter, the global debt
 * ceiling set, and the flash mint's fee paid to the engine (which absorbs it into its surplus). The
 * deployer owns both until the CdpGovernance module proposes them to the timelock; collateral types
 * and peg modules are added by the network's own module (DevnetCdp on a devnet). Until
 * `globalDebtCeiling` is given, nothing can be minted against collateral.
 * Amounts in kUSD wei; the flash fee in BPS (at most Kusd.MAX_FLASH_FEE_BPS = 1%).
 */
export default buildModule("KeelCdp", (m) => {
  const deployer = m.getAccount(0);
  const guardian = m.getParameter("guardian", deployer);
  const flashMintCap = m.getParameter("flashMintCap", 10_000_000n * 10n ** 18n);

  const kusd = m.contract("Kusd", [deployer, flashMintCap]);
  const engine = m.contract("CdpEngine", [kusd, deployer, guardian]);
  m.call(kusd, "setMinter", [engine, true], { id: "setEngineMinter" });
  m.call(kusd, "setFlashParams", [m.getParameter("flashFeeBps", 0n), flashMintCap, engine]);
  m.call(engine, "setGlobalDebtCeiling", [m.getParameter("globalDebtCeiling", 0n)]);

  return { kusd, engine };
});
