import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { cdpEngineAbi, type KeelDeployment, keelPoolAbi } from "@keel/sdk";
import { type Address, erc20Abi, type PublicClient, parseUnits } from "viem";
import { keel, type RunningDevnet, startDevnet } from "./helpers/cli.ts";
import { refused, succeeded } from "./helpers/outcomes.ts";
import { type PoolReads, poolReads } from "./helpers/poolReads.ts";

// The one-transaction flows end to end, on a devnet of their own: the newcomer (the default signer, who
// never authorized the bundler) levers up, deleverages, swaps its debt and closes, one `keel` process per
// command, each effect read back from the chain.
const PORT = 8767;

describe("keel flows: leverage, deleverage, swap-debt, repay-with-collateral, close, migrate", {
  timeout: 600_000,
}, () => {
  let devnet: RunningDevnet;
  let deployment: KeelDeployment;
  let client: PublicClient;
  let newcomer: Address;
  let global: string[];
  let reads: PoolReads;

  const run = (...args: string[]) => keel([...global, ...args]);
  const position = (symbol: string) => reads.position(newcomer, symbol);
  const bundlerAuthorized = () =>
    client.readContract({
      address: deployment.contracts.pool,
      abi: keelPoolAbi,
      functionName: "isAuthorized",
      args: [newcomer, deployment.periphery?.bundler as Address],
    });

  before(async () => {
    devnet = await startDevnet(PORT);
    reads = poolReads(devnet);
    ({ deployment, client, newcomer, global } = reads);
  });

  after(async () => {
    assert.equal(await devnet.stop(), 0);
  });

  it("leverage previews the swap, the flash loan and the health, and leaves the bundler unauthorized", async () => {
    const result = succeeded(
      await run("leverage", "--collateral", "WETH", "--debt", "USDC", "--deposit", "2", "--borrow", "3,000", "--yes"),
    );
    assert.match(result.stdout, /│ Swap\s+│ 3,000 USDC → about 0\.9\d+ WETH/);
    assert.match(result.stdout, /│ Flash loan\s+│ 3,000 USDC, fee/);
    assert.match(result.stdout, /authorized for this transaction only/);
    assert.match(result.stdout, /Done \(leverage up\) in 0x[0-9a-f]{64}: your health factor is now/);
    const collateral = (await position("WETH")).collateral;
    assert.ok(collateral > parseUnits("2.9", 18), `about 3 WETH of collateral, got ${collateral}`);
    assert.ok((await position("USDC")).debtShares > 0n);
    assert.equal(await bundlerAuthorized(), false, "the grant lasted one transaction");
  });

  it("deleverage repays debt with collateral sold", async () => {
    const debtBefore = (await position("USDC")).debtShares;
    const collateralBefore = (await position("WETH")).collateral;
    succeeded(await run("deleverage", "--collateral", "WETH", "--debt", "USDC", "--repay", "1,000", "--yes"));
    assert.ok((await position("USDC")).debtShares < (debtBefore * 7n) / 10n, "about a third of the debt repaid");
    assert.ok((await position("WETH")).collateral < collateralBefore);
  });

  it("repay-with-collateral sells an exact amount, without a flash loan", async () => {
    const debtBefore = (await position("USDC")).debtShares;
    const result = succeeded(
      await run("repay-with-collateral", "--collateral", "WETH", "--debt", "USDC", "--sell", "0.1", "--yes"),
    );
    assert.doesNotMatch(result.stdout, /Flash loan/);
    assert.ok((await position("USDC")).debtShares < debtBefore);
  });

  it("swap-debt moves the whole USDC debt into DAI", async () => {
    succeeded(await run("swap-debt", "--from", "USDC", "--to", "DAI", "--yes"));
    assert.equal((await position("USDC")).debtShares, 0n);
    assert.ok((await position("DAI")).debtShares > 0n);
  });

  it("close repays everything and returns the collateral left", async () => {
    const wethBefore = await client.readContract({
      address: deployment.tokens.WETH.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [newcomer],
    });
    const held = (await position("WETH")).collateral;
    const result = succeeded(await run("close", "--collateral", "WETH", "--debt", "DAI", "--yes"));
    // The devnet has no WETH / DAI pair: the swap routes through USDC.
    assert.match(result.stdout, /│ Route\s+│ WETH → USDC → DAI/);
    assert.equal((await position("DAI")).debtShares, 0n);
    assert.equal((await position("WETH")).collateral, 0n);
    const wethAfter = await client.readContract({
      address: deployment.tokens.WETH.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [newcomer],
    });
    const returned = wethAfter - wethBefore;
    assert.ok(returned > 0n && returned < held, "the collateral not sold came back to the wallet");
  });

  it("refuses bad input with a sentence and exit code 2, sending nothing", async () => {
    refused(await run("leverage", "--collateral", "WETH", "--debt", "USDC", "--yes"), /--borrow/);
    refused(
      await run("leverage", "--collateral", "WETH", "--debt", "USDC", "--borrow", "0", "--yes"),
      /more than zero/,
    );
    refused(
      await run("leverage", "--collateral", "DOGE", "--debt", "USDC", "--borrow", "10", "--yes"),
      /has no reserve for "DOGE"/,
    );
    refused(
      await run(
        "leverage",
        "--collateral",
        "WETH",
        "--debt",
        "USDC",
        "--deposit",
        "1",
        "--borrow",
        "1,000,000",
        "--yes",
      ),
      /less value than it sells/,
    );
    refused(await run("close", "--collateral", "WETH", "--debt", "USDC", "--yes"), /owes nothing/);
    refused(
      await run(
        "deleverage",
        "--collateral",
        "WETH",
        "--debt",
        "USDC",
        "--repay",
        "10",
        "--max-impact",
        "150",
        "--yes",
      ),
      /at most 100/,
    );
    assert.equal((await position("USDC")).debtShares, 0n, "nothing was borrowed");
  });

  it("protect: posts a policy, lists it, says why it cannot run, and cancels it", async () => {
    const added = succeeded(
      await run("protect", "add", "--collateral", "WETH", "--debt", "USDC", "--when-health-below", "1.3", "--yes"),
    );
    assert.match(added.stdout, /│ When\s+│ health factor below 1\.3/);
    const posted = added.stdout.match(/Posted policy (0x[0-9a-f]{64})/);
    assert.ok(posted, added.stdout);
    const hash = posted[1];

    const listed = succeeded(await run("protect", "list"));
    assert.match(listed.stdout, new RegExp(`${hash}.*deleverage.*waiting \\(TriggerNotMet\\)`));
    const checked = succeeded(await run("protect", "check", hash));
    assert.match(checked.stdout, /It cannot run now: TriggerNotMet\./);

    succeeded(await run("protect", "cancel", hash, "--yes"));
    assert.match(succeeded(await run("protect", "list")).stdout, new RegExp(`${hash}.*cancelled`));
  });

  it("protect refuses a policy without a trigger, or with a fee above 5%, with exit code 2", async () => {
    refused(await run("protect", "add", "--collateral", "WETH", "--debt", "USDC", "--yes"), /exactly one trigger/);
    refused(
      await run(
        "protect",
        "add",
        "--collateral",
        "WETH",
        "--debt",
        "USDC",
        "--when-health-below",
        "1.2",
        "--fee",
        "6",
        "--yes",
      ),
      /at most 5%/,
    );
    refused(await run("protect", "cancel", "--yes"), /Name one policy/);
  });

  it("vault leverage opens a leveraged vault in one transaction, and repay-through-psm repays it with USDC", async () => {
    const engine = deployment.cdp?.engine as Address;
    const result = succeeded(
      await run("vault", "leverage", "--collateral", "WETH", "--deposit", "1", "--mint", "1,000", "--yes"),
    );
    assert.match(result.stdout, /│ Collateral ratio\s+│ \d+/);
    assert.match(result.stdout, /Opened a leveraged vault in 0x[0-9a-f]{64}/);
    const vaultId = await client.readContract({ address: engine, abi: cdpEngineAbi, functionName: "vaultCount" });
    const vault = await client.readContract({
      address: engine,
      abi: cdpEngineAbi,
      functionName: "vault",
      args: [vaultId],
    });
    assert.equal(vault.owner.toLowerCase(), newcomer.toLowerCase());
    assert.ok(vault.collateral > parseUnits("1.3", 18), "the deposit and about a third of an ETH bought");
    const debt = () =>
      client.readContract({ address: engine, abi: cdpEngineAbi, functionName: "debtOf", args: [vaultId] });
    const before = await debt();

    succeeded(await run("vault", "repay-through-psm", String(vaultId), "--amount", "200", "--yes"));
    const paid = before - (await debt());
    assert.ok(paid > parseUnits("199", 18) && paid <= parseUnits("200", 18), `repaid ${paid}`);
  });

  it("protect --vault posts a vault policy (the policy contract made an operator first) and refuses another's vault", async () => {
    const engine = deployment.cdp?.engine as Address;
    const vaultId = await client.readContract({ address: engine, abi: cdpEngineAbi, functionName: "vaultCount" });
    const added = succeeded(
      await run("protect", "add", "--vault", String(vaultId), "--when-ratio-below", "150", "--via-peg-module", "--yes"),
    );
    assert.match(added.stdout, new RegExp(`│ When\\s+│ vault ${vaultId}'s ratio below 150%`));
    assert.match(added.stdout, /through USDC and the peg module/);
    assert.match(added.stdout, /│ Target\s+│ ratio 200% to 220%/);
    const policies = deployment.periphery?.policies as Address;
    assert.equal(
      await client.readContract({
        address: engine,
        abi: cdpEngineAbi,
        functionName: "isOperator",
        args: [newcomer, policies],
      }),
      true,
    );
    assert.match(succeeded(await run("protect", "list")).stdout, /vault-repay.*waiting \(TriggerNotMet\)/);
    // Vault 1 is a seeded account's.
    refused(
      await run("protect", "add", "--vault", "1", "--when-ratio-below", "150", "--yes"),
      /a policy may protect only your own vaults/,
    );
  });

  it("migrate --from aave moves the aave-borrower's loan into the core pool, previewed with both rates", async () => {
    const borrower = reads.accountOf("aave-borrower").address;
    const result = succeeded(
      await run(
        "--account",
        "aave-borrower",
        "migrate",
        "--from",
        "aave",
        "--collateral",
        "WETH",
        "--debt",
        "USDC",
        "--yes",
      ),
    );
    assert.match(result.stdout, /│ From\s+│ [\d.,]+ WETH posted, [\d.,]+ USDC owed at [\d.]+% a year/);
    assert.match(result.stdout, /│ To\s+│ [\d.,]+ WETH posted, [\d.,]+ USDC borrowed at [\d.]+% a year/);
    assert.match(result.stdout, /Moved in 0x[0-9a-f]{64}: your health factor on Keel is/);
    const aave = deployment.external?.aave;
    assert.ok(aave);
    const [aaveDebt, aTokens] = await Promise.all(
      [aave.reserves.USDC.variableDebtToken, aave.reserves.WETH.aToken].map((token) =>
        client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [borrower] }),
      ),
    );
    assert.equal(aaveDebt, 0n, "nothing owed on Aave any more");
    assert.equal(aTokens, 0n, "every aToken moved");
    assert.ok((await reads.position(borrower, "USDC")).debtShares > 0n, "the loan is Keel's now");
    assert.ok((await reads.position(borrower, "WETH")).collateral > 0n);
  });

  it("migrate --from morpho moves the morpho-borrower's loan; a source with no loan is refused with exit code 2", async () => {
    const borrower = reads.accountOf("morpho-borrower").address;
    succeeded(
      await run("--account", "morpho-borrower", "migrate", "--from", "morpho", "--market", "WETH/USDC", "--yes"),
    );
    assert.ok((await reads.position(borrower, "USDC")).debtShares > 0n, "the loan is Keel's now");
    refused(
      await run("--account", "morpho-borrower", "migrate", "--from", "morpho", "--market", "WETH/USDC", "--yes"),
      /owes nothing in this Morpho market/,
    );
    refused(await run("migrate", "--from", "compound", "--yes"), /--from is aave, morpho or pool <id>/);
  });

  it("migrate --from pool moves a loan to the isolated pool, and --to-vault into a new kUSD vault", async () => {
    const moderate = reads.accountOf("moderate-borrower").address;
    succeeded(
      await run(
        "--account",
        "moderate-borrower",
        "migrate",
        "--from",
        "pool",
        "0",
        "--collateral",
        "WBTC",
        "--debt",
        "USDC",
        "--pool",
        "1",
        "--yes",
      ),
    );
    assert.equal((await reads.position(moderate, "USDC")).debtShares, 0n, "the core pool loan is repaid");
    assert.ok((await reads.healthFactor(moderate, 1n)) > 10n ** 18n, "the isolated pool lends instead");

    const safe = reads.accountOf("safe-borrower").address;
    const moved = succeeded(
      await run(
        "--account",
        "safe-borrower",
        "migrate",
        "--from",
        "pool",
        "0",
        "--collateral",
        "WETH",
        "--debt",
        "USDC",
        "--to-vault",
        "--yes",
      ),
    );
    assert.match(moved.stdout, /│ Collateral ratio\s+│ \d+%/);
    assert.match(moved.stdout, /Moved in 0x[0-9a-f]{64}: your loan is now vault \d+/);
    assert.equal((await reads.position(safe, "USDC")).debtShares, 0n);
    refused(
      await run(
        "--account",
        "safe-borrower",
        "migrate",
        "--from",
        "pool",
        "0",
        "--collateral",
        "WETH",
        "--debt",
        "DAI",
        "--to-vault",
        "--yes",
      ),
      /Only a USDC loan moves into a vault/,
    );
  });
});
