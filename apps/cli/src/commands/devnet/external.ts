import type { KeelDeployment } from "@keel/sdk";
import { type Address, type PublicClient, parseAbi } from "viem";
import { type IgnitionAddresses, pick } from "./deploy.ts";

/** Ignition future ids of the peer protocols (contracts/ignition/modules/DevnetAave.ts, DevnetMorpho.ts). */
const FUTURES = {
  aavePool: "KeelDevnetAave#Pool",
  aaveAddressesProvider: "KeelDevnetAave#PoolAddressesProvider",
  aaveOracle: "KeelDevnetAave#AaveOracle",
  aaveDataProvider: "KeelDevnetAave#AaveProtocolDataProvider",
  morpho: "KeelDevnetMorpho#Morpho",
} as const;

const aavePoolAbi = parseAbi(["function getReservesList() view returns (address[])"]);
const aaveDataProviderAbi = parseAbi([
  "function getReserveTokensAddresses(address asset) view returns (address aTokenAddress, address stableDebtTokenAddress, address variableDebtTokenAddress)",
]);
const morphoEventsAbi = parseAbi([
  "event CreateMarket(bytes32 indexed id, (address loanToken, address collateralToken, address oracle, address irm, uint256 lltv) marketParams)",
]);

type External = NonNullable<KeelDeployment["external"]>;

/** Aave's reserves as its pool lists them, with the tokens the data provider reports for each. */
async function readAave(
  client: PublicClient,
  addresses: IgnitionAddresses,
  symbolOf: (asset: Address) => string,
): Promise<External["aave"]> {
  if (!(FUTURES.aavePool in addresses)) return undefined;
  const pool = pick(addresses, FUTURES.aavePool);
  const dataProvider = pick(addresses, FUTURES.aaveDataProvider);
  const assets = await client.readContract({ address: pool, abi: aavePoolAbi, functionName: "getReservesList" });
  const entries = await Promise.all(
    assets.map(async (asset) => {
      const [aToken, , variableDebtToken] = await client.readContract({
        address: dataProvider,
        abi: aaveDataProviderAbi,
        functionName: "getReserveTokensAddresses",
        args: [asset],
      });
      return [symbolOf(asset), { aToken, variableDebtToken }] as const;
    }),
  );
  return {
    pool,
    addressesProvider: pick(addresses, FUTURES.aaveAddressesProvider),
    oracle: pick(addresses, FUTURES.aaveOracle),
    dataProvider,
    reserves: Object.fromEntries(entries),
  };
}

/** Morpho's markets from its CreateMarket events since the deployment's first block, in creation order. */
async function readMorpho(
  client: PublicClient,
  addresses: IgnitionAddresses,
  symbolOf: (asset: Address) => string,
  startBlock: number,
): Promise<External["morpho"]> {
  if (!(FUTURES.morpho in addresses)) return undefined;
  const morpho = pick(addresses, FUTURES.morpho);
  const created = await client.getContractEvents({
    address: morpho,
    abi: morphoEventsAbi,
    eventName: "CreateMarket",
    fromBlock: BigInt(startBlock),
    strict: true,
  });
  const markets = created.map(({ args: { id, marketParams } }) => {
    const loanToken = symbolOf(marketParams.loanToken);
    const collateralToken = symbolOf(marketParams.collateralToken);
    return {
      id,
      label: `${collateralToken}/${loanToken}`,
      loanToken,
      collateralToken,
      oracle: marketParams.oracle,
      irm: marketParams.irm,
      lltv: marketParams.lltv.toString(),
    };
  });
  return { morpho, markets };
}

/**
 * The manifest's `external` section: Aave v3 and Morpho Blue, when the deployment has them, read back
 * from the chain (Aave's reserve list, Morpho's market creations), so it states what is deployed.
 */
export async function readExternal(
  client: PublicClient,
  addresses: IgnitionAddresses,
  symbolOf: (asset: Address) => string,
  startBlock: number,
): Promise<KeelDeployment["external"]> {
  const [aave, morpho] = await Promise.all([
    readAave(client, addresses, symbolOf),
    readMorpho(client, addresses, symbolOf, startBlock),
  ]);
  if (aave === undefined && morpho === undefined) return undefined;
  return { ...(aave === undefined ? {} : { aave }), ...(morpho === undefined ? {} : { morpho }) };
}
