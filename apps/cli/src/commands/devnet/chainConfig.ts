import os from "node:os";
import path from "node:path";

/**
 * The Hardhat configuration of the devnet's chain process (`hardhat --config <this file> node`).
 *
 * The chain needs no contracts of its own: Ignition deploys them over JSON-RPC from the contracts
 * workspace. Started with the contracts' configuration, `hardhat node` loads every plugin and reads
 * every build-info file of the project (hundreds of megabytes) to decode Solidity stack traces in its
 * own request log, which keel keeps to itself; that was 8 of its 9 seconds of start-up on a 2-core
 * machine. This configuration has no plugins and an empty artifacts folder. The chain is Hardhat's
 * default network either way (chain id 31337, same hardfork, accounts, balances and genesis block).
 */
const scratch = path.join(os.tmpdir(), "keel-devnet-chain");

export default {
  paths: {
    sources: path.join(scratch, "contracts"),
    artifacts: path.join(scratch, "artifacts"),
    cache: path.join(scratch, "cache"),
  },
};
