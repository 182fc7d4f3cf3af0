// The bundler's flows against the same moves sent as separate transactions, on Keel's devnet deployment
// (the Ignition module DevnetKeel, which `npm start` deploys beside Aave and Morpho: the core pool, Uniswap
// V2 pairs at the feeds' prices, the kUSD engine, the bundler). Two users start from the same position; one sends the bundle, the other the
// separate transactions, with standing approvals on both sides (a wallet approves a spender once), so the
// comparison is what each move costs from then on.
import { readFileSync } from "node:fs";
import { type Address, encodeAbiParameters, encodeFunctionData, type Hex, maxUint256, parseUnits } from "viem";
import DevnetKeelModule from "../ignition/modules/DevnetKeel.ts";
import { Chain, type Wallet } from "./chain.ts";

export const FLOW_OPERATIONS = [
  { key: "leverage", label: "leverage up (deposit 10 WETH, borrow 12,000 USDC into WETH)" },
  { key: "deleverage", label: "leverage down (repay 5,000 USDC with WETH sold)" },
  { key: "repayWithCollateral", label: "repay with collateral (sell 1 WETH)" },
  { key: "swapDebt", label: "debt swap (all USDC debt into DAI)" },
  { key: "close", label: "close (repay all DAI with WETH sold through USDC, withdraw the rest)" },
] as const;

export type FlowKey = (typeof FLOW_OPERATIONS)[number]["key"];
/** Gas of the bundle, and of the separate transactions with how many there are. */
export type FlowGas = Record<FlowKey, { bundle: number; separate: number; transactions: number }>;

const CORE = 0n;
const R = { WETH: 0n, USDC: 3n, DAI: 4n } as const;
const ALL = maxUint256;
const parametersFile = new URL("../ignition/parameters/devnet.json", import.meta.url);

export async function benchFlows(): Promise<FlowGas> {
  const chain = await Chain.open();
  const parameters = JSON.parse(readFileSync(parametersFile, "utf8"), (_, value) =>
    typeof value === "string" && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
  );
  await chain.tick();
  const keel = await chain.connection.ignition.deploy(DevnetKeelModule, { parameters });
  // Ignition mines on the chain's own clock; the measured transactions then follow an hour later.
  chain.advance(3600n);
  const [, , , , , , , , , lender, bundled, separate] = chain.wallets;
  const as = (who: Wallet) => ({ account: who.account });
  const { pool, bundler, swapAdapter, router, weth, usdc, dai } = keel;

  // Liquidity, and the same starting wallet for both users: 20 WETH and standing approvals.
  for (const [token, reserve, amount] of [
    [usdc, R.USDC, parseUnits("2000000", 6)],
    [dai, R.DAI, parseUnits("2000000", 18)],
  ] as const) {
    await chain.tx(() => token.write.mint([lender.account.address, amount]));
    await chain.tx(() => token.write.approve([pool.address, amount], as(lender)));
    await chain.tx(() => pool.write.supply([CORE, reserve, amount, 0n, lender.account.address], as(lender)));
  }
  for (const user of [bundled, separate]) {
    await chain.tx(() => weth.write.mint([user.account.address, parseUnits("20", 18)]));
    for (const token of [weth, usdc, dai]) {
      for (const spender of [pool.address, router.address, bundler.address]) {
        await chain.tx(() => token.write.approve([spender, maxUint256], as(user)));
      }
    }
  }
  await chain.tx(() => pool.write.setAuthorization([bundler.address, true], as(bundled)));

  const step = (functionName: string, args: readonly unknown[]) =>
    encodeFunctionData({ abi: bundler.abi, functionName, args } as Parameters<typeof encodeFunctionData>[0]);
  const swapStep = (tokenIn: Address, tokenOut: Address, amountIn: bigint, minOut: bigint, path?: Address[]) =>
    step("swap", [
      swapAdapter.address,
      tokenIn,
      tokenOut,
      amountIn,
      minOut,
      300n,
      path === undefined ? "0x" : encodeAbiParameters([{ type: "address[]" }], [path]),
    ]);
  const bundle = (steps: Hex[]) => chain.gas(() => bundler.write.multicall([steps], as(bundled)));
  const quoteOut = async (amountIn: bigint, path: Address[]) =>
    ((await router.read.getAmountsOut([amountIn, path])) as bigint[]).at(-1) as bigint;
  const quoteIn = async (amountOut: bigint, path: Address[]) =>
    ((await router.read.getAmountsIn([amountOut, path])) as bigint[])[0];
  const flashFee = (token: Address, amount: bigint) => pool.read.flashFee([token, amount]);
  const debtOf = async (user: Wallet, reserve: bigint) => {
    const state = await pool.read.expectedReserveState([CORE, reserve]);
    const { debtShares } = await pool.read.position([CORE, user.account.address, reserve]);
    const assets = state.totalBorrowAssets + 1n;
    const shares = state.totalBorrowShares + 10n ** 6n;
    return (debtShares * assets + shares - 1n) / shares;
  };
  /** The separate transactions of one move, each a receipt's gas, summed. */
  const separately = async (sends: (() => Promise<Hex>)[]) => {
    let gas = 0;
    for (const send of sends) gas += await chain.gas(send);
    return { separate: gas, transactions: sends.length };
  };
  const swapSeparately = (amountIn: bigint, path: Address[]) => () =>
    router.write.swapExactTokensForTokens([amountIn, 0n, path, separate.account.address, 2n ** 40n], as(separate));
  const gas: Partial<FlowGas> = {};
  const toWeth = [usdc.address, weth.address];
  const toUsdc = [weth.address, usdc.address];

  // 1. Leverage: 10 WETH from the wallet, 12,000 USDC more debt swapped into WETH.
  const deposit = parseUnits("10", 18);
  const lever = parseUnits("12000", 6);
  const owedLever = lever + (await flashFee(usdc.address, lever));
  const leverBundle = await bundle([
    step("pull", [weth.address, deposit]),
    step("poolSupplyCollateral", [CORE, R.WETH, ALL, bundled.account.address]),
    step("poolFlashLoan", [
      usdc.address,
      lever,
      [
        swapStep(usdc.address, weth.address, ALL, 0n),
        step("poolSupplyCollateral", [CORE, R.WETH, ALL, bundled.account.address]),
        step("poolBorrow", [CORE, R.USDC, owedLever, 0n, bundled.account.address, bundler.address]),
      ],
    ]),
  ]);
  const bought = await quoteOut(lever, toWeth);
  gas.leverage = {
    bundle: leverBundle,
    ...(await separately([
      () => pool.write.supplyCollateral([CORE, R.WETH, deposit, separate.account.address], as(separate)),
      () =>
        pool.write.borrow(
          [CORE, R.USDC, owedLever, 0n, separate.account.address, separate.account.address],
          as(separate),
        ),
      swapSeparately(lever, toWeth),
      () => pool.write.supplyCollateral([CORE, R.WETH, bought, separate.account.address], as(separate)),
    ])),
  };

  // 2. Deleverage: repay 5,000 USDC with WETH sold.
  const repay = parseUnits("5000", 6);
  const owedRepay = repay + (await flashFee(usdc.address, repay));
  const sold = ((await quoteIn(owedRepay, toUsdc)) * 1005n) / 1000n;
  gas.deleverage = {
    bundle: await bundle([
      step("poolFlashLoan", [
        usdc.address,
        repay,
        [
          step("poolRepay", [CORE, R.USDC, repay, 0n, bundled.account.address]),
          step("poolWithdrawCollateral", [CORE, R.WETH, sold, bundled.account.address, bundler.address]),
          swapStep(weth.address, usdc.address, ALL, owedRepay),
        ],
      ]),
      step("poolRepay", [CORE, R.USDC, ALL, 0n, bundled.account.address]),
    ]),
    ...(await separately([
      () =>
        pool.write.withdrawCollateral(
          [CORE, R.WETH, sold, separate.account.address, separate.account.address],
          as(separate),
        ),
      swapSeparately(sold, toUsdc),
      () => pool.write.repay([CORE, R.USDC, repay, 0n, separate.account.address], as(separate)),
    ])),
  };

  // 3. Repay with collateral: sell 1 WETH, repay the proceeds (no flash loan on either side).
  const one = parseUnits("1", 18);
  const proceeds = await quoteOut(one, toUsdc);
  gas.repayWithCollateral = {
    bundle: await bundle([
      step("poolWithdrawCollateral", [CORE, R.WETH, one, bundled.account.address, bundler.address]),
      swapStep(weth.address, usdc.address, ALL, 0n),
      step("poolRepay", [CORE, R.USDC, ALL, 0n, bundled.account.address]),
    ]),
    ...(await separately([
      () =>
        pool.write.withdrawCollateral(
          [CORE, R.WETH, one, separate.account.address, separate.account.address],
          as(separate),
        ),
      swapSeparately(one, toUsdc),
      () => pool.write.repay([CORE, R.USDC, proceeds, 0n, separate.account.address], as(separate)),
    ])),
  };

  // 4. Debt swap: the whole USDC debt into DAI.
  const usdcDebt = await debtOf(bundled, R.USDC);
  const flashDebt = usdcDebt + usdcDebt / 10_000n + 1n;
  const owedDebt = flashDebt + (await flashFee(usdc.address, flashDebt));
  const daiBorrow = ((await quoteIn(owedDebt, [dai.address, usdc.address])) * 1005n) / 1000n;
  const separateDebt = await debtOf(separate, R.USDC);
  const separateDai =
    ((await quoteIn(separateDebt + separateDebt / 1000n, [dai.address, usdc.address])) * 1005n) / 1000n;
  gas.swapDebt = {
    bundle: await bundle([
      step("poolFlashLoan", [
        usdc.address,
        flashDebt,
        [
          step("poolRepay", [CORE, R.USDC, 0n, ALL, bundled.account.address]),
          step("poolBorrow", [CORE, R.DAI, daiBorrow, 0n, bundled.account.address, bundler.address]),
          swapStep(dai.address, usdc.address, ALL, owedDebt),
        ],
      ]),
    ]),
    ...(await separately([
      () =>
        pool.write.borrow(
          [CORE, R.DAI, separateDai, 0n, separate.account.address, separate.account.address],
          as(separate),
        ),
      swapSeparately(separateDai, [dai.address, usdc.address]),
      async () => {
        const { debtShares } = await pool.read.position([CORE, separate.account.address, R.USDC]);
        return pool.write.repay([CORE, R.USDC, 0n, debtShares, separate.account.address], as(separate));
      },
    ])),
  };

  // 5. Close: repay the whole DAI debt with WETH sold (through USDC: the devnet has no WETH / DAI pair) and
  // take the rest of the collateral back.
  const daiDebt = await debtOf(bundled, R.DAI);
  const flashClose = daiDebt + daiDebt / 10_000n + 1n;
  const owedClose = flashClose + (await flashFee(dai.address, flashClose));
  const toDai = [weth.address, usdc.address, dai.address];
  const sellClose = ((await quoteIn(owedClose, toDai)) * 1005n) / 1000n;
  // The separate user quotes after the bundle has moved the market, as it would.
  let sellSeparate = 0n;
  gas.close = {
    bundle: await bundle([
      step("poolFlashLoan", [
        dai.address,
        flashClose,
        [
          step("poolRepay", [CORE, R.DAI, 0n, ALL, bundled.account.address]),
          step("poolWithdrawCollateral", [CORE, R.WETH, ALL, bundled.account.address, bundler.address]),
          swapStep(weth.address, dai.address, sellClose, owedClose, toDai),
        ],
      ]),
    ]),
    ...(await separately([
      async () => {
        const debt = await debtOf(separate, R.DAI);
        sellSeparate = ((await quoteIn(debt + debt / 1000n, toDai)) * 1005n) / 1000n;
        return pool.write.withdrawCollateral(
          [CORE, R.WETH, sellSeparate, separate.account.address, separate.account.address],
          as(separate),
        );
      },
      () => swapSeparately(sellSeparate, toDai)(),
      async () => {
        const { debtShares } = await pool.read.position([CORE, separate.account.address, R.DAI]);
        return pool.write.repay([CORE, R.DAI, 0n, debtShares, separate.account.address], as(separate));
      },
      async () => {
        const { collateral } = await pool.read.position([CORE, separate.account.address, R.WETH]);
        return pool.write.withdrawCollateral(
          [CORE, R.WETH, collateral, separate.account.address, separate.account.address],
          as(separate),
        );
      },
    ])),
  };
  for (const user of [bundled, separate]) {
    const { debtShares } = await pool.read.position([CORE, user.account.address, R.DAI]);
    if (debtShares !== 0n) throw new Error("a close left debt");
  }
  return gas as FlowGas;
}

export type FlowRow = {
  key: FlowKey;
  operation: string;
  bundle: number;
  separate: number;
  transactions: number;
  /** The bundle's gas over the separate transactions' gas. */
  ratio: number;
};

export function buildFlowRows(gas: FlowGas): FlowRow[] {
  return FLOW_OPERATIONS.map(({ key, label }) => ({
    key,
    operation: label,
    ...gas[key],
    ratio: gas[key].bundle / gas[key].separate,
  }));
}

export const FLOW_HEADERS = ["flow", "one bundle", "separate transactions", "bundle / separate"];

export function flowCells(row: FlowRow): string[] {
  return [
    row.operation,
    row.bundle.toLocaleString("en-US"),
    `${row.separate.toLocaleString("en-US")} (${row.transactions} transactions)`,
    `${row.ratio.toFixed(2)}×`,
  ];
}
