import { writeFile } from "node:fs/promises";
import { signAuthorization } from "@keel/sdk";
import type { Command } from "commander";
import { type GlobalOptions, readSignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { toJson } from "../../lib/format.ts";
import { parseAddress } from "../../lib/input.ts";
import { action } from "../../lib/run.ts";

type SignOptions = { revoke?: boolean; deadline: string; out?: string };

/**
 * `keel sign-authorization <operator>`: signs an EIP-712 authorization off chain, costing no gas.
 * Anyone can submit it with `keel authorize --signature <file>` before the deadline.
 */
export function registerSignAuthorization(program: Command): void {
  program
    .command("sign-authorization")
    .description("Sign (off chain, no gas) an authorization for an operator; anyone can submit it.")
    .argument("<operator>", "the address to authorize")
    .option("--revoke", "sign a revocation instead")
    .option("--deadline <minutes>", "minutes the signature stays valid", "60")
    .option("--out <file>", "write the signed authorization to a file (default: print it)")
    .action(
      action(async (operator: string, options: SignOptions, command: Command) => {
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        if (!/^\d+$/.test(options.deadline) || Number(options.deadline) <= 0) {
          throw new UsageError(`--deadline "${options.deadline}" must be a positive number of minutes.`);
        }
        const block = await context.publicClient.getBlock();
        const signed = await signAuthorization(context.walletClient, {
          pool: context.deployment.contracts.pool,
          operator: parseAddress(operator, "operator"),
          isAuthorized: options.revoke !== true,
          deadline: block.timestamp + BigInt(options.deadline) * 60n,
        });
        const json = toJson(signed);
        if (options.out) {
          await writeFile(options.out, `${json}\n`);
          if (!context.json) console.log(`Signed; submit it with \`keel authorize --signature ${options.out}\`.`);
        } else {
          console.log(json);
        }
      }),
    );
}
