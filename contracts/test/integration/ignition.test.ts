import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import CdpGovernanceModule from "../../ignition/modules/CdpGovernance.ts";
import GovernanceModule from "../../ignition/modules/Governance.ts";
import OraclesModule from "../../ignition/modules/Oracles.ts";

describe("Ignition modules", () => {
  it("deploys Chainlink adapters over a network's feeds, given as parameters", async () => {
    const { viem, ignition } = await network.create();
    const ethFeed = await viem.deployContract("DevPriceFeed", [8, "ETH / USD", 3000n * 10n ** 8n]);
    const usdcFeed = await viem.deployContract("DevPriceFeed", [8, "USDC / USD", 10n ** 8n]);
    const { ethUsd, usdcUsd } = await ignition.deploy(OraclesModule, {
      parameters: { KeelOracles: { ethUsdFeed: ethFeed.address, usdcUsdFeed: usdcFeed.address } },
    });
    assert.equal(await ethUsd.read.price(), 3000n * 10n ** 18n);
    assert.equal(await usdcUsd.read.price(), 10n ** 30n);
  });

  it("hands the configurator to a timelock in two steps (proposal here, acceptance by the timelock)", async () => {
    const { ignition, viem } = await network.create();
    const { timelock } = await ignition.deploy(GovernanceModule);
    const [deployer] = await viem.getWalletClients();
    const publicClient = await viem.getPublicClient();
    // The configurator is the one the Core module deployed inside Governance.
    const logs = await publicClient.getContractEvents({
      abi: [
        {
          type: "event",
          name: "OwnershipTransferStarted",
          inputs: [
            { name: "previousOwner", type: "address", indexed: true },
            { name: "newOwner", type: "address", indexed: true },
          ],
        },
      ],
      eventName: "OwnershipTransferStarted",
      fromBlock: 0n,
    });
    assert.equal(logs.length, 1);
    assert.equal(logs[0].args.previousOwner?.toLowerCase(), deployer.account.address.toLowerCase());
    assert.equal(logs[0].args.newOwner?.toLowerCase(), timelock.address.toLowerCase());
    assert.equal(await timelock.read.getMinDelay(), 2n * 24n * 3600n);
  });

  it("deploys kUSD and its engine, and proposes both to the timelock", async () => {
    const { ignition, viem } = await network.create();
    const { timelock, kusd, engine } = await ignition.deploy(CdpGovernanceModule, {
      parameters: { KeelCdp: { globalDebtCeiling: 1_000_000n * 10n ** 18n, flashFeeBps: 5n } },
    });
    const [deployer] = await viem.getWalletClients();
    assert.equal(await kusd.read.isMinter([engine.address]), true);
    assert.equal((await engine.read.kusd()).toLowerCase(), kusd.address.toLowerCase());
    assert.equal(await engine.read.globalDebtCeiling(), 1_000_000n * 10n ** 18n);
    assert.equal(await kusd.read.flashFeeBps(), 5n);
    assert.equal((await kusd.read.flashFeeRecipient()).toLowerCase(), engine.address.toLowerCase());
    for (const owned of [kusd, engine]) {
      // Two steps: the deployer still owns it until the timelock accepts.
      assert.equal((await owned.read.owner()).toLowerCase(), deployer.account.address.toLowerCase());
      assert.equal((await owned.read.pendingOwner()).toLowerCase(), timelock.address.toLowerCase());
    }
  });
});
