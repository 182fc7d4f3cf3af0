import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  cdpEngineAbi,
  devTokenAbi,
  iPriceOracleAbi,
  type KeelDeployment,
  kusdAbi,
  pegStabilityModuleAbi,
} from "@keel/sdk";
import {
  type Address,
  createPublicClient,
  createTestClient,
  type Hex,
  http,
  type PublicClient,
  parseUnits,
  type TestClient,
} from "viem";
import { hardhat } from "viem/chains";
import { formatAmount } from "../src/lib/format.ts";
import { keel, type RunningDevnet, startDevnet } from "./helpers/cli.ts";
import { closedPort, refused, succeeded } from "./helpers/outcomes.ts";

// The kUSD commands end to end: one devnet for the whole file, every command a separate `keel` process
// typed as a user would, its effects read back from the chain. The newcomer (the default signer) opens
// and runs its own vault, swaps at the peg module, then auctions the seeded vault 4 and buys it out.
const PORT = 8945;
const WAD = 10n ** 18n;
const RAY = 10n ** 27n;
const TX = /0x[0-9a-f]{64}/;
/** A ratio in WAD from a percentage with two decimals, e.g. pct(16_000) = 160.00%. */
const pct = (hundredths: bigint) => (hundredths * WAD) / 10_000n;

/** Whether anything answers on a local port. */
function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(true));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(false)));
  });
}

describe("keel kUSD commands against a running devnet", { timeout: 300_000 }, () => {
  let devnet: RunningDevnet;
  let deployment: KeelDeployment;
  let cdp: NonNullable<KeelDeployment["cdp"]>;
  let client: PublicClient;
  let newcomer: Address;
  let global: string[];
  let testClient: TestClient;
  /** The newcomer's vault, opened below. */
  let mine: bigint;
  /** The newcomer's second vault, opened with "max" below. */
  let buffered: bigint;

  const run = (...args: string[]) => keel([...global, ...args]);
  const engine = () => ({ address: cdp.engine, abi: cdpEngineAbi }) as const;
  const vaultOf = (id: bigint) => client.readContract({ ...engine(), functionName: "vault", args: [id] });
  const debtOf = (id: bigint, blockNumber?: bigint) =>
    client.readContract({ ...engine(), functionName: "debtOf", args: [id], blockNumber });
  const balance = (symbol: string, holder: Address = newcomer) =>
    client.readContract({
      address: deployment.tokens[symbol].address,
      abi: devTokenAbi,
      functionName: "balanceOf",
      args: [holder],
    });
  const account = (label: string) => {
    const found = deployment.accounts.find((a) => a.label === label);
    assert.ok(found, label);
    return found.address;
  };
  /** A vault's collateral ratio (WAD) at a block: collateral × the oracle's price ÷ the engine's debt. */
  const ratioAt = async (id: bigint, blockNumber: bigint) => {
    const vault = await client.readContract({ ...engine(), functionName: "vault", args: [id], blockNumber });
    const type = await client.readContract({
      ...engine(),
      functionName: "collateralType",
      args: [BigInt(vault.typeId)],
      blockNumber,
    });
    const price = await client.readContract({
      address: type.oracle,
      abi: iPriceOracleAbi,
      functionName: "price",
      blockNumber,
    });
    return (vault.collateral * price) / (await debtOf(id, blockNumber));
  };
  /** The block a transaction was mined in, and what it cost. */
  const receiptOf = (hash: string) => client.getTransactionReceipt({ hash: hash as Hex });
  /** kUSD supply × RAY + surplus − (vault debt + auction debt + peg-module mints) × RAY: zero when the books balance. */
  const booksImbalance = async () => {
    const [supply, surplus, debt, auctionDebt, minted] = await Promise.all([
      client.readContract({ address: cdp.kusd, abi: kusdAbi, functionName: "totalSupply" }),
      client.readContract({ ...engine(), functionName: "surplusRad" }),
      client.readContract({ ...engine(), functionName: "totalDebtRad" }),
      client.readContract({ ...engine(), functionName: "auctionDebt" }),
      client.readContract({ address: cdp.pegModules[0].address, abi: pegStabilityModuleAbi, functionName: "minted" }),
    ]);
    return supply * RAY + surplus - (debt + (auctionDebt + minted) * RAY);
  };

  before(async () => {
    assert.equal(await portInUse(PORT), false, `port ${PORT} must be free for this test`);
    devnet = await startDevnet(PORT);
    deployment = JSON.parse(readFileSync(devnet.manifest, "utf8"));
    assert.ok(deployment.cdp, "the devnet deploys the kUSD engine");
    cdp = deployment.cdp;
    client = createPublicClient({ transport: http(devnet.rpcUrl) }) as PublicClient;
    const spare = deployment.accounts.find((a) => a.role === "newcomer");
    assert.ok(spare);
    newcomer = spare.address;
    global = ["--manifest", devnet.manifest];
    const chain = { ...hardhat, rpcUrls: { default: { http: [devnet.rpcUrl] } } };
    testClient = createTestClient({ chain, mode: "hardhat", transport: http(devnet.rpcUrl) });
  });

  after(async () => {
    assert.equal(await devnet.stop(), 0);
  });

  it("shows a seeded vault: collateral, debt, ratio against the minimum, liquidation price", async () => {
    const shown = succeeded(await run("vault", "show", "1")).stdout;
    assert.match(shown, /Collateral type\s+│ WETH \(type 0\)/);
    assert.match(shown, /Collateral\s+│ 20 WETH/);
    assert.match(shown, /Debt\s+│ (19,9\d\d|20,0\d\d)(\.\d\d)? kUSD/);
    assert.match(shown, /Collateral ratio\s+│ (299\.\d\d|300\.00)% \(minimum 150\.00%\)/);
    assert.match(shown, /Collateral price\s+│ \$3,000/);
    assert.match(shown, /Liquidation price\s+│ \$1,500(\.\d\d)? /);
    assert.match(shown, /Auction\s+│ none/);

    const blockNumber = await client.getBlockNumber();
    const json = JSON.parse(succeeded(await run("vault", "show", "1", "--json")).stdout);
    const safe = deployment.accounts.find((a) => a.label === "safe-borrower");
    assert.equal(json.owner, safe?.address);
    assert.equal(json.collateral, (20n * WAD).toString());
    assert.equal(BigInt(json.debt), await debtOf(1n, blockNumber), "the engine's debt, accrued to the block");
    const [collateral, debt, ratio, liquidationPrice] = [
      json.collateral,
      json.debt,
      json.ratio,
      json.liquidationPrice,
    ].map(BigInt);
    assert.equal(ratio, (collateral * 3_000n * WAD) / debt, "the ratio at the $3,000 oracle price");
    // At the liquidation price the collateral is worth exactly 150% of the debt (rounded up).
    const atLiquidation = (collateral * liquidationPrice) / WAD;
    const needed = (debt * 15n) / 10n;
    assert.ok(atLiquidation >= needed && atLiquidation - needed < WAD / 1000n, `${atLiquidation} vs ${needed}`);
    assert.equal(json.isSafe, true);

    const listed = succeeded(await run("vault", "show", "--owner", safe?.address ?? "")).stdout;
    assert.match(listed, /Vaults of 0x/);
    assert.match(listed, /│ 1\s+│ WETH \(type 0\)\s+│ 20 WETH/);
    assert.match(succeeded(await run("vault", "show")).stdout, /has no vault\. Open one with `keel vault open/);
  });

  it("refuses bad input with exit code 2 and a sentence before asking the chain", async () => {
    // The manifest is real, the RPC dead: a refusal that names the input proves the chain was not asked.
    const dead = ["--rpc", `http://127.0.0.1:${await closedPort()}`, "--yes"];
    const cases: [string[], RegExp][] = [
      [
        ["vault", "open", "--type", "DOGE", "--collateral", "1"],
        /No collateral type "DOGE"\. The engine lists: 0 \(WETH\), 1 \(wstETH\)\./,
      ],
      [["vault", "open", "--type", "ETH", "--collateral", "two"], /"two" is not an amount\. Give a number of WETH/],
      [["vault", "open", "--type", "wstETH", "--mint", "0"], /The amount must be more than zero kUSD\./],
      [["vault", "deposit", "1", "--amount", "lots"], /"lots" is not an amount\. Give a number of collateral tokens/],
      [["vault", "withdraw", "1"], /--amount is required\./],
      [
        ["vault", "mint", "1", "--amount", "1.0000000000000000001"],
        /kUSD has 18 decimals; "1\.0000000000000000001" has 19\./,
      ],
      [["vault", "repay", "one", "--amount", "1"], /Vault "one" is not a vault id/],
      [
        ["vault", "mint", "1", "--amount", "1", "--receiver", "0x1234"],
        /--receiver "0x1234" is not an Ethereum address\./,
      ],
      [["auction", "take", "4", "--amount", "all of it"], /"all of it" is not an amount/],
      [["psm", "swap", "--sell", "USDC", "--amount", "1.0000001"], /USDC has 6 decimals; "1\.0000001" has 7\./],
      [["psm", "swap", "--buy", "USDC", "--sell", "USDC", "--amount", "1"], /Give exactly one of --sell/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(...dead, ...args)));
    results.forEach((result, i) => {
      refused(result, cases[i][1]);
      assert.equal(result.stderr.trim().split("\n").length, 1, `${cases[i][0].join(" ")}: one line`);
    });
  });

  it("opens a vault with a deposit and a mint in one transaction", async () => {
    const [weth, kusd] = [await balance("WETH"), await balance("kUSD")];
    const result = succeeded(
      await run("vault", "open", "--type", "ETH", "--collateral", "2", "--mint", "2,000", "--yes"),
    );
    assert.match(result.stdout, /Operation\s+│ open a WETH vault \(type 0\)/);
    assert.match(result.stdout, /Collateral ratio\s+│ 300\.00% \(minimum 150\.00%\)/);
    assert.match(result.stdout, /Liquidation price\s+│ \$1,500\.00\s/);
    assert.match(result.stdout, /Stability fee\s+│ 2\.00% a year/);
    // The newcomer has never approved the engine: the preview says an approval goes first.
    assert.match(
      result.stdout,
      /Approval\s+│ sent first: a transaction approving exactly 2 WETH to the engine \(the allowance is 0 WETH\)/,
    );
    assert.match(result.stdout, /\. Gas used [\d,]+, fee 0\.\d+ ETH over 2 transactions \(the approval included\)\.$/m);
    const opened = result.stdout.match(/Opened vault (\d+) in (0x[0-9a-f]{64}) with 2 WETH and minted 2,000 kUSD\./);
    assert.ok(opened, result.stdout);
    mine = BigInt(opened[1]);
    assert.equal(mine, 5n, "after the four seeded vaults");
    const vault = await vaultOf(mine);
    assert.equal(vault.owner, newcomer);
    assert.equal(vault.typeId, 0);
    assert.equal(vault.collateral, 2n * WAD);
    const debt = await debtOf(mine);
    assert.ok(debt >= 2_000n * WAD && debt < 2_000n * WAD + WAD / 1000n, `${debt}`);
    assert.equal(await balance("WETH"), weth - 2n * WAD);
    assert.equal(await balance("kUSD"), kusd + 2_000n * WAD);
  });

  it("deposits, mints and withdraws, each previewed and then read back", async () => {
    const deposited = succeeded(await run("vault", "deposit", mine.toString(), "--amount", "1", "--yes")).stdout;
    assert.match(deposited, /Debt\s+│ 2,000(\.\d+)? kUSD → 2,000(\.\d+)? kUSD/);
    assert.match(deposited, /Collateral ratio\s+│ (299\.\d\d|300\.00)% → (449\.\d\d|450\.00)% \(minimum 150\.00%\)/);
    // 2,000 kUSD at 150% needs $3,000 of collateral: $1,500 per WETH for 2, $1,000 for 3.
    assert.match(deposited, /Liquidation price\s+│ \$1,500(\.\d\d) → \$1,000(\.\d\d)/);
    assert.match(deposited, /Stability fee\s+│ 2\.00% a year/);
    assert.match(
      deposited,
      new RegExp(
        `Deposited 1 WETH in ${TX.source}\\. Vault ${mine}: 3 WETH, debt 2,000(\\.\\d+)? kUSD, ratio (449\\.\\d\\d|450\\.00)%\\.`,
      ),
    );
    assert.equal((await vaultOf(mine)).collateral, 3n * WAD);

    const kusd = await balance("kUSD");
    const minted = JSON.parse(
      succeeded(await run("vault", "mint", mine.toString(), "--amount", "1,000", "--json", "--yes")).stdout,
    );
    assert.equal(minted.operation, "mint");
    assert.equal(minted.amount, (1_000n * WAD).toString());
    assert.match(minted.hash, TX);
    // Minting pulls nothing from the wallet, so no approval; the gas is the receipt's.
    assert.equal(minted.approval, undefined);
    assert.equal(minted.approvalHash, undefined);
    assert.equal(minted.transactions, 1);
    const mintReceipt = await receiptOf(minted.hash);
    assert.equal(minted.gasUsed, mintReceipt.gasUsed.toString());
    assert.equal(minted.feeWei, (mintReceipt.gasUsed * mintReceipt.effectiveGasPrice).toString());
    assert.deepEqual(minted.warnings, []);
    assert.equal(await balance("kUSD"), kusd + 1_000n * WAD);
    assert.equal(
      BigInt(minted.debt),
      await debtOf(mine, (await client.getTransactionReceipt({ hash: minted.hash })).blockNumber),
    );

    const weth = await balance("WETH");
    const withdrew = succeeded(await run("vault", "withdraw", mine.toString(), "--amount", "0.5", "--yes")).stdout;
    assert.match(
      withdrew,
      /Withdrew 0\.5 WETH in 0x[0-9a-f]{64}\. Vault 5: 2\.5 WETH, debt 3,000(\.\d+)? kUSD, ratio (249\.\d\d|250\.00)%\./,
    );
    assert.equal((await vaultOf(mine)).collateral, (25n * WAD) / 10n);
    assert.equal(await balance("WETH"), weth + WAD / 2n);

    // Without --yes the preview waits for an answer; "n" sends nothing.
    const declined = await keel([...global, "vault", "mint", mine.toString(), "--amount", "100"], { input: "n\n" });
    assert.equal(declined.status, 1);
    assert.match(declined.stdout, /Debt\s+│ 3,000(\.\d+)? kUSD → 3,100(\.\d+)? kUSD/);
    assert.match(declined.stderr, /Cancelled; nothing was sent\./);
    assert.ok((await debtOf(mine)) < 3_001n * WAD);
  });

  it("turns what the engine would refuse into its sentence, and sends nothing", async () => {
    const before = await vaultOf(mine);
    const id = mine.toString();
    // 2.5 WETH at $3,000 backs 7,500 kUSD: 3,000 + 10,000 of debt is a ratio of 57.69%.
    refused(
      await run("vault", "mint", id, "--amount", "10,000", "--yes"),
      /^This would leave the vault's collateral ratio at 57\.69%, below the minimum of 150\.00%; add collateral, or mint or withdraw less\.$/m,
    );
    refused(
      await run("vault", "withdraw", id, "--amount", "10", "--yes"),
      /^The vault holds 2\.5 WETH of collateral, but 10 WETH was asked to be withdrawn; withdraw at most what it holds\.$/m,
    );
    refused(
      await run("vault", "withdraw", id, "--amount", "2", "--yes"),
      /collateral ratio at 49\.99%, below the minimum of 150\.00%/,
    );
    const owner = deployment.accounts.find((a) => a.label === "safe-borrower")?.address;
    refused(
      await run("vault", "mint", "1", "--amount", "1", "--yes"),
      new RegExp(`${newcomer} may not do this on a vault owned by ${owner}`),
    );
    refused(
      await run("vault", "repay", id, "--amount", "5,000", "--yes"),
      /The vault owes 3,000(\.\d+)? kUSD, but 5,000 kUSD was offered/,
    );
    refused(await run("vault", "show", "99"), /^Vault 99 does not exist: the engine has opened 5 so far\.$/m);
    assert.deepEqual(await vaultOf(mine), before, "nothing was sent");
  });

  it("repays part, then all of it to exactly zero, and closes the vault", async () => {
    const id = mine.toString();
    let kusd = await balance("kUSD");
    const partial = succeeded(await run("vault", "repay", id, "--amount", "500", "--yes")).stdout;
    assert.match(partial, /Approval\s+│ none: kUSD is burned without an allowance/);
    assert.match(
      partial,
      /Repaid 500 kUSD in 0x[0-9a-f]{64}\. Vault 5: 2\.5 WETH, debt 2,500(\.\d+)? kUSD, ratio (299\.\d\d|300\.00)%\./,
    );
    assert.equal(await balance("kUSD"), kusd - 500n * WAD);
    kusd = await balance("kUSD");

    const all = JSON.parse(succeeded(await run("vault", "repay", id, "--amount", "max", "--json", "--yes")).stdout);
    assert.equal(all.debt, "0");
    const repaid = BigInt(all.amount);
    assert.ok(repaid > 2_500n * WAD && repaid < 2_501n * WAD, `${repaid}`);
    assert.equal(await balance("kUSD"), kusd - repaid, "exactly what the engine says it burned");
    assert.equal((await vaultOf(mine)).normalizedDebt, 0n, "no debt dust");
    assert.equal(await debtOf(mine), 0n);
    const shown = succeeded(await run("vault", "show", id)).stdout;
    assert.match(shown, /Debt\s+│ 0 kUSD/);
    assert.match(shown, /Collateral ratio\s+│ - \(minimum 150\.00%\)/);
    refused(await run("vault", "repay", id, "--amount", "1", "--yes"), /^Vault 5 owes nothing\.$/m);

    // Close repays whatever is owed and hands back all the collateral.
    succeeded(await run("vault", "mint", id, "--amount", "500", "--yes"));
    const [weth, kusdBefore] = [await balance("WETH"), await balance("kUSD")];
    const closed = succeeded(await run("vault", "close", id, "--yes")).stdout;
    const owed = closed.match(
      /Closed vault 5 in 0x[0-9a-f]{64}, repaying (500(\.\d+)?) kUSD\. Vault 5: 0 WETH, debt 0 kUSD, ratio no debt\./,
    );
    assert.ok(owed, closed);
    const vault = await vaultOf(mine);
    assert.equal(vault.collateral, 0n);
    assert.equal(vault.normalizedDebt, 0n);
    assert.equal(await balance("WETH"), weth + (25n * WAD) / 10n);
    const burned = kusdBefore - (await balance("kUSD"));
    assert.ok(burned >= 500n * WAD && burned < 500n * WAD + WAD / 1000n, `${burned}`);
    assert.equal(await booksImbalance(), 0n);
  });

  it("shows the peg module and swaps through it both ways at its 0.1% fee", async () => {
    const shown = succeeded(await run("psm", "show")).stdout;
    assert.match(shown, /State\s+│ live/);
    assert.match(shown, /Fee to sell \/ buy\s+│ 0\.10% \/ 0\.10%/);
    assert.match(shown, /kUSD minted \/ cap\s+│ [\d,.]+ \/ 50,000,000/);
    const psm = { address: cdp.pegModules[0].address, abi: pegStabilityModuleAbi } as const;
    const json = JSON.parse(succeeded(await run("psm", "show", "--json")).stdout);
    assert.equal(String(json.feeInBps), "10");
    assert.equal(String(json.feeOutBps), "10");
    assert.equal(json.live, true);
    assert.equal(BigInt(json.minted), await client.readContract({ ...psm, functionName: "minted" }));

    const usdc = 10n ** 6n;
    let [usdcHeld, kusdHeld] = [await balance("USDC"), await balance("kUSD")];
    const sold = succeeded(await run("psm", "swap", "--sell", "USDC", "--amount", "1,000", "--yes")).stdout;
    assert.match(sold, /Operation\s+│ sell 1,000 USDC for 999 kUSD/);
    assert.match(sold, /Fee\s+│ 1 kUSD \(0\.10%\)/);
    assert.match(sold, /Approval\s+│ sent first: a transaction approving exactly 1,000 USDC to the peg module/);
    assert.match(
      sold,
      /Sold 1,000 USDC for 999 kUSD in 0x[0-9a-f]{64} \(fee 1 kUSD\)\. Gas used [\d,]+, fee 0\.\d+ ETH over 2 transactions \(the approval included\)\./,
    );
    assert.equal(await balance("USDC"), usdcHeld - 1_000n * usdc);
    assert.equal(await balance("kUSD"), kusdHeld + 999n * WAD);

    [usdcHeld, kusdHeld] = [await balance("USDC"), await balance("kUSD")];
    const bought = JSON.parse(
      succeeded(await run("psm", "swap", "--buy", "USDC", "--amount", "500", "--json", "--yes")).stdout,
    );
    assert.equal(bought.operation, "buyGem");
    // kUSD is burned by the module: no approval, one transaction.
    assert.equal(bought.approval, undefined);
    assert.equal(bought.transactions, 1);
    const buyReceipt = await receiptOf(bought.hash);
    assert.equal(bought.feeWei, (buyReceipt.gasUsed * buyReceipt.effectiveGasPrice).toString());
    assert.equal(bought.kusd, parseUnits("500.5", 18).toString());
    assert.equal(bought.fee, parseUnits("0.5", 18).toString());
    assert.equal(await balance("USDC"), usdcHeld + 500n * usdc);
    assert.equal(await balance("kUSD"), kusdHeld - parseUnits("500.5", 18));
    assert.equal(await booksImbalance(), 0n);
  });

  it("auctions an unsafe vault and buys it out without capital through the AuctionTaker", async () => {
    const quiet = succeeded(await run("auctions")).stdout;
    assert.match(quiet, /No auction is running\./);
    assert.match(quiet, /No vault is below its minimum ratio\./);

    const moved = succeeded(await run("devnet", "price", "ETH", "2850"));
    assert.match(moved.stdout, /Unsafe now: vault 4 \(edge-borrower\)/);
    const startable = succeeded(await run("auctions")).stdout;
    assert.match(startable, /No auction is running\./);
    assert.match(startable, /anyone may start their auction \(`keel auction start <vault>`\)/);
    assert.match(startable, /│ 4\s+│ WETH \(type 0\)\s+│ 5 WETH\s+│ [\d,.]+ kUSD\s+│ 147\.\d\d% \/ 150\.00%/);
    const listed = JSON.parse(succeeded(await run("auctions", "--json")).stdout);
    assert.deepEqual(listed.auctions, []);
    assert.deepEqual(
      listed.unsafe.map((v: { id: string }) => v.id),
      ["4"],
    );
    refused(
      await run("auction", "start", "3", "--yes"),
      /^The vault is safe: its collateral ratio is 15\d\.\d\d%, not below the minimum of 150\.00%/m,
    );

    const kusd = await balance("kUSD");
    const started = succeeded(await run("auction", "start", "4", "--yes")).stdout;
    const reward = started.match(
      /Vault 4 is in auction \(0x[0-9a-f]{64}\): 5 WETH for a tab of [\d,.]+ kUSD; you earned ([\d.]+) kUSD\./,
    );
    assert.ok(reward, started);
    const earned = (await balance("kUSD")) - kusd;
    assert.ok(earned >= 5n * WAD, "the keeper's tip and fee");
    assert.equal(reward[1], formatAmount(earned, 18, 6), "the reward it reports is the one paid");

    const running = succeeded(await run("auctions")).stdout;
    // The price starts at 120% of the $2,850 oracle.
    assert.match(running, /│ 4\s+│ WETH\s+│ 5 WETH\s+│ [\d,.]+ kUSD\s+│ 3,4\d\d(\.\d\d)? kUSD\s+│ live\s+│ \d+s/);
    assert.match(running, /No vault is below its minimum ratio\./);
    const [auction] = JSON.parse(succeeded(await run("auctions", "--json")).stdout).auctions;
    const [price] = await client.readContract({
      ...engine(),
      functionName: "auctionPrice",
      args: [4n],
      blockNumber: BigInt(auction.blockNumber),
    });
    assert.equal(BigInt(auction.price), price, "the engine's own price at that block");
    refused(
      await run("auction", "take", "4", "--amount", "max", "--sell", "--max-price", "2,000", "--yes"),
      /^The auction's price is now 3,4\d\d(\.\d+)? kUSD per WETH, above your limit of 2,000 kUSD per WETH/m,
    );

    // 24 minutes on, the auction's price has fallen below Uniswap's.
    await testClient.increaseTime({ seconds: 24 * 60 });
    await testClient.mine({ blocks: 1 });

    const before = await balance("kUSD");
    const take = succeeded(await run("auction", "take", "4", "--amount", "max", "--sell", "--json", "--yes"));
    const taken = JSON.parse(take.stdout);
    assert.equal(taken.operation, "take");
    assert.ok(BigInt(taken.profit) > 0n, "the sale raised more than the tab");
    assert.equal(await balance("kUSD"), before + BigInt(taken.profit), "the newcomer keeps the rest, in kUSD");
    const left = await client.readContract({ ...engine(), functionName: "auction", args: [4n] });
    assert.equal(left.tab, 0n, "the tab is met in one take");
    assert.equal((await vaultOf(4n)).normalizedDebt, 0n);
    assert.equal(await booksImbalance(), 0n);
    assert.match(succeeded(await run("auctions")).stdout, /No auction is running\./);
  });
  // From here ETH is at $2,850 (moved above). The newcomer opens a second vault with "max".
  it('sizes "max" to keep the ratio 10 points above the minimum unless --min-ratio says otherwise', async () => {
    const opened = succeeded(
      await run("vault", "open", "--type", "ETH", "--collateral", "2", "--mint", "max", "--yes"),
    );
    assert.match(opened.stdout, /Max keeps\s+│ a collateral ratio of 160\.00% or more/);
    assert.match(opened.stdout, /Collateral ratio\s+│ 160\.00% \(minimum 150\.00%\)/);
    // 2 WETH at $2,850 backing 5,700 ÷ 1.6 kUSD reach the 150% minimum at $2,671.87.
    assert.match(opened.stdout, /Liquidation price\s+│ \$2,671\.8\d\s/);
    assert.doesNotMatch(opened.stderr, /Warning/, "160% is not thin");
    const found = opened.stdout.match(/Opened vault (\d+) in (0x[0-9a-f]{64}) with 2 WETH and minted ([\d,.]+) kUSD\./);
    assert.ok(found, opened.stdout);
    buffered = BigInt(found[1]);
    const id = buffered.toString();
    let ratio = await ratioAt(buffered, (await receiptOf(found[2])).blockNumber);
    assert.ok(ratio >= pct(16_000n) && ratio < pct(16_001n), `open --mint max: ${ratio}`);

    // At 160% nothing more can be minted or withdrawn by default; the refusal says how to go lower.
    refused(
      await run("vault", "mint", id, "--amount", "max", "--yes"),
      /^This vault cannot mint any more kUSD now while keeping its collateral ratio at 160\.00% or above: add collateral or repay first \(--min-ratio 150 goes down to the minimum\)\.$/m,
    );
    refused(
      await run("vault", "withdraw", id, "--amount", "max", "--yes"),
      /^The vault's debt needs all its collateral while keeping its collateral ratio at 160\.00% or above: nothing can be withdrawn now/m,
    );
    refused(
      await run("vault", "mint", id, "--amount", "max", "--min-ratio", "140", "--yes"),
      /^--min-ratio 140\.00% is below the minimum ratio of WETH vaults, 150\.00%: the engine refuses a vault below it\. Give 150 or more\.$/m,
    );

    // --min-ratio 150 is the old maximum: the minimum itself, sized a minute of fees ahead. It warns.
    // Ten minutes pass first with no block mined: the fees accrue all the same, so the amount is sized
    // from the block the transaction will be in (the pending one), not from the last block mined.
    await testClient.increaseTime({ seconds: 10 * 60 });
    const thin = succeeded(await run("vault", "mint", id, "--amount", "max", "--min-ratio", "150", "--json", "--yes"));
    const minted = JSON.parse(thin.stdout);
    assert.equal(minted.keptRatioBps, 15_000);
    assert.equal(minted.warnings.length, 1);
    assert.match(
      minted.warnings[0],
      /^This leaves the collateral ratio at 150\.00%, less than 10 points above the minimum/,
    );
    ratio = await ratioAt(buffered, (await receiptOf(minted.hash)).blockNumber);
    assert.ok(ratio >= pct(15_000n) && ratio < pct(15_001n), `mint max --min-ratio 150: ${ratio}`);

    // With more collateral, withdraw max comes back down to 160%, not to 150%.
    // The deposit needs an approval first (open used its exact one up): both transactions are paid for.
    const deposited = JSON.parse(
      succeeded(await run("vault", "deposit", id, "--amount", "1", "--json", "--yes")).stdout,
    );
    assert.deepEqual(deposited.approval, { allowance: "0", needed: WAD.toString(), sent: true });
    assert.equal(deposited.transactions, 2);
    const receipts = await Promise.all([receiptOf(deposited.approvalHash), receiptOf(deposited.hash)]);
    assert.equal(deposited.gasUsed, (receipts[0].gasUsed + receipts[1].gasUsed).toString());
    assert.equal(deposited.feeWei, receipts.reduce((sum, r) => sum + r.gasUsed * r.effectiveGasPrice, 0n).toString());
    const withdrew = JSON.parse(
      succeeded(await run("vault", "withdraw", id, "--amount", "max", "--json", "--yes")).stdout,
    );
    assert.ok(BigInt(withdrew.amount) > 0n);
    assert.deepEqual(withdrew.warnings, []);
    ratio = await ratioAt(buffered, (await receiptOf(withdrew.hash)).blockNumber);
    assert.ok(ratio >= pct(16_000n) && ratio < pct(16_001n), `withdraw max: ${ratio}`);

    // Any write that leaves less than 160% warns, on stderr beside the preview.
    const exact = succeeded(await run("vault", "withdraw", id, "--amount", "0.01", "--yes"));
    assert.match(
      exact.stderr,
      /^Warning: This leaves the collateral ratio at 159\.\d\d%, less than 10 points above the minimum of 150\.00%: if WETH falls below \$2,6\d\d\.\d\d, or fees add to the debt, anyone may send the vault to auction, with a 13\.00% penalty\.$/m,
    );
    assert.match(exact.stdout, /Liquidation price\s+│ \$2,6\d\d\.\d\d → \$2,6\d\d\.\d\d/);
    // With an exact amount, a --min-ratio given is a limit.
    refused(
      await run("vault", "withdraw", id, "--amount", "0.01", "--min-ratio", "170", "--yes"),
      /^This would leave the vault's collateral ratio at 15\d\.\d\d%, below your --min-ratio of 170\.00%; ask for less, or lower --min-ratio\.$/m,
    );
    assert.equal(await booksImbalance(), 0n);
  });

  it("transfers a vault to another owner, only from its owner", async () => {
    const lender = account("lender");
    refused(
      await run("vault", "transfer", "1", "--to", lender, "--yes"),
      new RegExp(
        `${newcomer} may not do this on a vault owned by ${account("safe-borrower")}.*only the owner may transfer it\\.`,
      ),
    );
    // Vault 5, closed above, goes to the lender.
    const given = succeeded(await run("vault", "transfer", mine.toString(), "--to", lender, "--yes"));
    assert.match(given.stdout, new RegExp(`Operation\\s+│ give vault 5 \\(WETH\\) to ${lender}`));
    assert.match(given.stdout, /Approval\s+│ none: nothing leaves your wallet/);
    assert.match(
      given.stderr,
      new RegExp(`^Warning: The vault, its 0 WETH and its debt of 0 kUSD become ${lender}'s`, "m"),
    );
    assert.match(
      given.stdout,
      new RegExp(
        `Gave vault 5 to ${lender} in ${TX.source}: 0 WETH, debt 0 kUSD\\. Gas used [\\d,]+, fee 0\\.\\d+ ETH\\.$`,
        "m",
      ),
    );
    assert.equal((await vaultOf(mine)).owner, lender);
    // It is not the newcomer's any more.
    refused(
      await run("vault", "transfer", mine.toString(), "--to", account("safe-borrower"), "--yes"),
      /only the owner may transfer it/,
    );
  });

  it("lets an operator act on the newcomer's vaults until it is removed", async () => {
    const operator = account("safe-borrower");
    const id = buffered.toString();
    const asOperator = ["--account", "safe-borrower", "vault", "mint", id, "--amount", "10", "--yes"];
    const notAllowed = new RegExp(`^${operator} may not do this on a vault owned by ${newcomer}`, "m");
    refused(await run(...asOperator), notAllowed);
    assert.match(succeeded(await run("vault", "operator", "list")).stdout, /has approved no operator\./);

    const added = succeeded(await run("vault", "operator", "add", operator, "--yes"));
    assert.match(added.stdout, new RegExp(`Operation\\s+│ let ${operator} act on all your vaults`));
    assert.match(
      added.stderr,
      new RegExp(`^Warning: ${operator} will be able to withdraw the collateral of every vault you own`, "m"),
    );
    assert.match(
      added.stdout,
      new RegExp(`${operator} is now an operator of your vaults \\(${TX.source}\\)\\. Gas used `),
    );
    assert.equal(
      await client.readContract({ ...engine(), functionName: "isOperator", args: [newcomer, operator] }),
      true,
    );
    refused(
      await run("vault", "operator", "add", operator, "--yes"),
      /is already an operator of your vaults; nothing was sent\./,
    );
    assert.deepEqual(JSON.parse(succeeded(await run("vault", "operator", "list", "--json")).stdout), {
      owner: newcomer,
      operators: [operator],
    });
    assert.match(
      succeeded(await run("vault", "operator", "list", "--owner", newcomer)).stdout,
      new RegExp(`Operators of ${newcomer}[^]*│ ${operator} │`),
    );

    // The operator mints against the newcomer's vault, to itself.
    const kusd = await balance("kUSD", operator);
    succeeded(await run(...asOperator));
    assert.equal(await balance("kUSD", operator), kusd + 10n * WAD);

    const removed = JSON.parse(succeeded(await run("vault", "operator", "remove", operator, "--json", "--yes")).stdout);
    assert.equal(removed.approved, false);
    assert.match(removed.warnings[0], /cancels every operator approval you signed/);
    assert.deepEqual(JSON.parse(succeeded(await run("vault", "operator", "list", "--json")).stdout).operators, []);
    refused(await run(...asOperator), notAllowed);
    refused(
      await run("vault", "operator", "remove", operator, "--yes"),
      /is not an operator of your vaults; nothing was sent\./,
    );
  });

  it("resets a stale auction, and refuses one still running with the engine's sentence", async () => {
    const id = buffered.toString();
    succeeded(await run("devnet", "price", "ETH", "2000"));
    succeeded(await run("auction", "start", id, "--yes"));
    refused(
      await run("auction", "reset", id, "--yes"),
      new RegExp(
        `^The auction of vault ${id} is still running normally; it can be reset only once its price reaches the floor or its time runs out\\.$`,
        "m",
      ),
    );
    refused(await run("auction", "reset", "1", "--yes"), /^No auction is running for vault 1;/m);

    // Two hours on, the price has fallen below the floor (40% of the start, after about 80 minutes).
    await testClient.increaseTime({ seconds: 2 * 60 * 60 });
    await testClient.mine({ blocks: 1 });
    assert.match(succeeded(await run("auctions")).stdout, new RegExp(`│ ${id}\\s+│ WETH .*│ stale: reset first`));
    refused(
      await run("auction", "take", id, "--amount", "max", "--yes"),
      /must be reset \(resetAuction\) before anyone can take/,
    );

    const kusd = await balance("kUSD");
    const reset = succeeded(await run("auction", "reset", id, "--yes"));
    assert.match(
      reset.stdout,
      /Price now\s+│ [\d,.]+ kUSD per WETH, stale: its price fell to the floor \(40\.00% of the start\)/,
    );
    // Restarted from the $2,000 oracle price × the 120% buffer.
    assert.match(reset.stdout, /Restarts at\s+│ 2,400\.00 kUSD per WETH/);
    const said = reset.stdout.match(
      new RegExp(
        `Restarted the auction of vault ${id} in (${TX.source}) at 2,400\\.00 kUSD per WETH; you earned 5 kUSD\\. Gas used `,
      ),
    );
    assert.ok(said, reset.stdout);
    const receipt = await receiptOf(said[1]);
    const { timestamp } = await client.getBlock({ blockNumber: receipt.blockNumber });
    const auction = await client.readContract({ ...engine(), functionName: "auction", args: [buffered] });
    assert.equal(auction.topPrice, 2_400n * WAD);
    assert.equal(BigInt(auction.startedAt), timestamp);
    assert.equal(await balance("kUSD"), kusd + 5n * WAD, "the keeper tip");
    assert.match(
      succeeded(await run("auctions")).stdout,
      new RegExp(`│ ${id}\\s+│ WETH .*│ 2,400(\\.00)? kUSD\\s+│ live`),
    );
    assert.equal(await booksImbalance(), 0n);
  });
});
