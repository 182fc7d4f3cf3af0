import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Artifact } from "@nomicfoundation/ignition-core";
import DevnetTokensModule, { DEVNET_TOKENS, type DevnetSymbol } from "./DevnetTokens.js";

const require = createRequire(import.meta.url);

/** Reads a prebuilt Uniswap V2 artifact from its npm package, in the shape Ignition deploys. */
function packagedArtifact(packagePath: string, contractName: string): Artifact {
  const json = JSON.parse(readFileSync(require.resolve(packagePath), "utf8"));
  return {
    _format: "hh-sol-artifact-1",
    contractName,
    sourceName: packagePath,
    abi: json.abi,
    bytecode: `0x${json.bytecode.replace(/^0x/, "")}`,
    deployedBytecode: `0x${json.evm.deployedBytecode.object.replace(/^0x/, "")}`,
    linkReferences: {},
    deployedLinkReferences: {},
  };
}

/** Units of `symbol` worth `usd` whole dollars at its starting 8-decimal feed answer. */
export function unitsWorth(usd: bigint, symbol: DevnetSymbol): bigint {
  const spec = DEVNET_TOKENS.find((token) => token.symbol === symbol);
  if (spec === undefined) throw new Error(`unknown devnet token ${symbol}`);
  return (usd * 10n ** BigInt(spec.decimals) * 10n ** 8n) / spec.startAnswer;
}

/** The pairs the devnet seeds, each side worth `usdPerSide` at the starting feed answers. */
export const DEVNET_PAIRS = [
  { base: "WETH", quote: "USDC", usdPerSide: 3_000_000n },
  { base: "WBTC", quote: "USDC", usdPerSide: 3_000_000n },
  { base: "wstETH", quote: "WETH", usdPerSide: 3_540_000n },
  { base: "DAI", quote: "USDC", usdPerSide: 2_000_000n },
] as const satisfies readonly { base: DevnetSymbol; quote: DevnetSymbol; usdPerSide: bigint }[];

/**
 * Uniswap V2 (factory and router from the packages' prebuilt artifacts) with liquid pairs at the
 * devnet's starting prices, owned by the deployer. The router's WETH is the devnet's WETH token, so
 * the ETH-wrapping router functions do not apply.
 */
export default buildModule("KeelDevnetUniswap", (m) => {
  const tokens = m.useModule(DevnetTokensModule);
  const bySymbol: Record<DevnetSymbol, typeof tokens.weth> = {
    WETH: tokens.weth,
    WBTC: tokens.wbtc,
    wstETH: tokens.wsteth,
    USDC: tokens.usdc,
    DAI: tokens.dai,
  };
  const deployer = m.getAccount(0);
  const factory = m.contract(
    "UniswapV2Factory",
    packagedArtifact("@uniswap/v2-core/build/UniswapV2Factory.json", "UniswapV2Factory"),
    [deployer],
  );
  const router = m.contract(
    "UniswapV2Router02",
    packagedArtifact("@uniswap/v2-periphery/build/UniswapV2Router02.json", "UniswapV2Router02"),
    [factory, tokens.weth],
  );

  const sides = DEVNET_PAIRS.map((pair) => ({
    ...pair,
    baseAmount: unitsWorth(pair.usdPerSide, pair.base),
    quoteAmount: unitsWorth(pair.usdPerSide, pair.quote),
  }));
  const approvals = Object.entries(bySymbol).map(([symbol, token]) => {
    const total = sides.reduce(
      (sum, side) =>
        sum + (side.base === symbol ? side.baseAmount : 0n) + (side.quote === symbol ? side.quoteAmount : 0n),
      0n,
    );
    const mint = m.call(token, "mint", [deployer, total], { id: `mint${symbol}ForLiquidity` });
    return m.call(token, "approve", [router, total], { id: `approve${symbol}ForLiquidity`, after: [mint] });
  });
  // A deadline that never passes: the devnet's clock can be advanced by years.
  const noDeadline = 2n ** 255n;
  for (const side of sides) {
    m.call(
      router,
      "addLiquidity",
      [
        bySymbol[side.base],
        bySymbol[side.quote],
        side.baseAmount,
        side.quoteAmount,
        side.baseAmount,
        side.quoteAmount,
        deployer,
        noDeadline,
      ],
      { id: `addLiquidity${side.base}${side.quote}`, after: approvals },
    );
  }

  return { factory, router };
});
