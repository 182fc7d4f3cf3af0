// `keel vault leverage` and `keel vault repay-through-psm`: the kUSD flows through the bundler, each one
// transaction (a permit and, for leverage, a vault-operator approval that ends with the bundle).
import {
  approveOperatorForOneBundle,
  buildVaultRepayThroughPsm,
  executeBundle,
  type LeveragedVaultPlan,
  MathError,
  permitForBundle,
  planLeveragedVault,
} from "@keel/sdk";
import type { Command } from "commander";
import type { Address, Hex } from "viem";
import { findCollateralType, findPegModule, parseVaultId, readVault, requireCdp } from "../../lib/cdp.ts";
import { type GlobalOptions, readSignerContext, type SignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatPercent } from "../../lib/format.ts";
import { parseAmount, parsePositiveDecimal, requireOption } from "../../lib/input.ts";
import { gasJson, gasSentence, gasSpent } from "../../lib/poolFees.ts";
import { action } from "../../lib/run.ts";
import { runTransaction } from "../../lib/transaction.ts";

function bundlerOf(context: SignerContext): Address {
  const bundler = context.deployment.periphery?.bundler;
  if (bundler === undefined) throw new UsageError("This deployment has no bundler; flows need one.");
  return bundler;
}

function exact(text: string | undefined, option: string, decimals: number, symbol: string): bigint {
  const amount = parseAmount(requireOption(text, option), decimals, symbol);
  if (amount.kind === "max") throw new UsageError(`${option} needs an exact amount, not "max".`);
  return amount.units;
}

type LeverageOptions = { collateral?: string; deposit?: string; mint?: string; slippage?: string; maxImpact?: string };

function registerLeverage(vault: Command): void {
  vault
    .command("leverage")
    .description("Open a vault with your collateral plus kUSD minted and swapped into more, in one transaction.")
    .option("--collateral <type>", "the collateral type (symbol or id)")
    .option("--deposit <amount>", "collateral from your wallet")
    .option("--mint <amount>", "kUSD to mint and swap into collateral")
    .option("--slippage <percent>", "how far below the quote the swap may fill (default 0.5)")
    .option("--max-impact <percent>", "how far below the oracles' fair value it may be (default 1)")
    .action(
      action(async (options: LeverageOptions, command: Command) => {
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        const cdp = requireCdp(context);
        const bundler = bundlerOf(context);
        const type = findCollateralType(context, requireOption(options.collateral, "--collateral"));
        const percent = (text: string | undefined, fallback: bigint) =>
          text === undefined ? fallback : BigInt(Math.round(Number(parsePositiveDecimal(text, "a percentage")) * 100));
        await runTransaction(context, {
          plan: async (): Promise<{ plan: LeveragedVaultPlan; steps: Hex[]; deposit: bigint }> => {
            const deposit = exact(options.deposit, "--deposit", type.decimals, type.symbol);
            const mint = exact(options.mint, "--mint", 18, "kUSD");
            let plan: LeveragedVaultPlan;
            try {
              plan = await planLeveragedVault(context.publicClient, {
                engine: cdp.engine,
                kusd: cdp.kusd,
                bundler,
                swapAdapter: context.deployment.periphery?.swapAdapter as Address,
                registry: context.deployment.periphery?.registry as Address,
                router: context.deployment.uniswap.router,
                typeId: type.id,
                deposit,
                mint,
                slippageBps: percent(options.slippage, 50n),
                maxDeviationBps: percent(options.maxImpact, 100n),
              });
            } catch (error) {
              if (error instanceof MathError) throw new UsageError(error.message);
              throw error;
            }
            const operated = await approveOperatorForOneBundle(context.walletClient, {
              engine: cdp.engine,
              bundler,
              steps: plan.steps,
            });
            const steps = await permitForBundle(context.walletClient, {
              token: type.token,
              bundler,
              value: deposit,
              steps: operated,
            });
            return { plan, steps, deposit };
          },
          preview: ({ plan, deposit }) => [
            ["Operation", "open a leveraged kUSD vault, in one transaction through the bundler"],
            ["Deposit", `${formatAmount(deposit, type.decimals)} ${type.symbol}`],
            ["Flash mint", `${formatAmount(plan.flash.amount, 18)} kUSD, fee ${formatAmount(plan.flash.fee, 18)} kUSD`],
            [
              "Swap",
              `${formatAmount(plan.swap.amountIn, 18)} kUSD → about ${formatAmount(plan.swap.quotedOut, type.decimals)} ${type.symbol}`,
            ],
            [
              "Vault",
              `${formatAmount(plan.vault.collateral, type.decimals)} ${type.symbol}, debt ${formatAmount(plan.vault.debt, 18)} kUSD`,
            ],
            ["Collateral ratio", formatPercent(plan.vault.ratio)],
            ["Signer", `${context.account.address} (${context.accountSource})`],
          ],
          json: ({ plan }) => ({ swap: plan.swap, flash: plan.flash, vault: plan.vault }),
          send: ({ steps }) => executeBundle(context.walletClient, { bundler, steps }),
          report: async (_plan, sent) => {
            const gas = gasSpent([sent.receipt]);
            return {
              sentence: `Opened a leveraged vault in ${sent.hash}. ${gasSentence(gas)}`,
              json: { hash: sent.hash, ...gasJson(gas) },
            };
          },
        });
      }),
    );
}

function registerRepayThroughPsm(vault: Command): void {
  vault
    .command("repay-through-psm <vault>")
    .description(
      "Repay a vault's kUSD debt with USDC, swapped at par (less the fee) in the peg module, in one transaction.",
    )
    .option("--amount <amount>", "the stablecoin to spend")
    .action(
      action(async (vaultText: string, options: { amount?: string }, command: Command) => {
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        const cdp = requireCdp(context);
        const bundler = bundlerOf(context);
        const vaultId = parseVaultId(vaultText);
        const module = findPegModule(context);
        const gem = context.deployment.tokens[module.gem];
        await runTransaction(context, {
          plan: async () => {
            const info = await readVault(context, cdp.engine, vaultId);
            const amount = exact(options.amount, "--amount", gem.decimals, gem.symbol);
            const steps = await permitForBundle(context.walletClient, {
              token: gem.address,
              bundler,
              value: amount,
              steps: buildVaultRepayThroughPsm({ vaultId, gem: gem.address, gemAmount: amount }),
            });
            return { info, amount, steps };
          },
          preview: ({ amount }) => [
            ["Operation", `repay vault ${vaultId} with ${gem.symbol} through the peg module, in one transaction`],
            ["Spend", `${formatAmount(amount, gem.decimals)} ${gem.symbol}`],
            ["Signer", `${context.account.address} (${context.accountSource})`],
          ],
          json: ({ amount }) => ({ vaultId, amount }),
          send: ({ steps }) => executeBundle(context.walletClient, { bundler, steps }),
          report: async (_plan, sent) => {
            const gas = gasSpent([sent.receipt]);
            return {
              sentence: `Repaid vault ${vaultId} in ${sent.hash}. ${gasSentence(gas)}`,
              json: { hash: sent.hash, ...gasJson(gas) },
            };
          },
        });
      }),
    );
}

/** `keel vault leverage` and `keel vault repay-through-psm`. */
export function registerVaultFlows(vault: Command): void {
  registerLeverage(vault);
  registerRepayThroughPsm(vault);
}
