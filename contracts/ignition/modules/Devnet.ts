import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import DevnetAaveModule from "./DevnetAave.js";
import DevnetExternalBorrowersModule from "./DevnetExternalBorrowers.js";
import DevnetKeelModule from "./DevnetKeel.js";
import DevnetMorphoModule from "./DevnetMorpho.js";

/**
 * The whole local network `npm start` deploys: Keel with its tokens, feeds, Uniswap pairs, kUSD and
 * periphery (DevnetKeel), and beside it Aave v3 and Morpho Blue with liquid markets at the same feeds'
 * prices and one seeded borrower each (DevnetAave, DevnetMorpho, DevnetExternalBorrowers), so that
 * positions can be moved into Keel. The gas bench's flows deploy DevnetKeel alone: the peers' borrowers
 * are accounts it measures with.
 */
export default buildModule("KeelLocalNetwork", (m) => {
  const keel = m.useModule(DevnetKeelModule);
  const aave = m.useModule(DevnetAaveModule);
  const morpho = m.useModule(DevnetMorphoModule);
  m.useModule(DevnetExternalBorrowersModule);
  return { ...keel, ...aave, ...morpho };
});
