// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {Auction, CollateralParams, CollateralType, Vault} from "../../src/interfaces/CdpTypes.sol";
import {CdpBaseTest} from "../utils/CdpBaseTest.sol";
import {CdpHandler} from "./CdpHandler.sol";

/// @title kUSD engine invariants
/// @notice The written spec. Each invariant has an ID; the handler asserts the per-action ones.
///   CDP-1   Σ vault normalized debt = the type's total normalized debt, per type.
///   CDP-2   Total debt (RAD) = Σ over types of total normalized debt × rate.
///   CDP-3   Books: kUSD supply × RAY + surplus = total debt + (auction debt + peg-module mints) × RAY.
///   CDP-4   Σ auction debt = auctionDebt; Σ auction tabs = the type's inAuction; each auction's
///           debt ≤ its tab, and it holds collateral while it has a tab.
///   CDP-5   The engine's balance of a type's token = Σ vault collateral + Σ auction collateral.
///   CDP-6   The peg module's minted kUSD = its gem balance × 10^12.
///   CDP-7   No user action leaves the vault it acted on below the minimum ratio.          (handler)
///   CDP-8   A full repay or a close leaves exactly zero normalized debt.                 (handler)
///   CDP-9   Every loss is reported: the surplus falls only by withdrawals and by AbsorbLoss;
///           keeper rewards are advanced against their auction, never spent silently.   (handler)
///   CDP-10  An auction sells only at or above its floor, and never for zero kUSD.        (handler)
///   CDP-11  A flash mint leaves the kUSD supply unchanged once it returns.               (handler)
///   CDP-12  The keeper rewards paid for one auction (start and resets) never exceed the penalty
///           its tab carried, whatever the parameters were when the vault was opened.    (handler, and here)
///   CDP-13  A direct revoke (or a nonce invalidation) kills every grant its signer gave out and
///           nobody submitted, including grants signed ahead of the current nonce.        (handler)
///   CDP-14  The guardian's powers are one-way: it may pause and freeze, never resume or thaw. (handler)
/// @dev Fixed seed in every profile (hardhat.config.ts): `default` is what `npm test` and CI run, `deep`
/// (`npm run test:deep`) runs many more sequences.
/// Two types: WETH (default parameters) and an 8-decimal WBTC at the highest fee with no debt floor
/// and a small auction limit, so that dust, partial seizures and refused auctions all happen.
/// With the default profile's seed, runs reach auctions, takes, resets, losses, settlements, revocations
/// and parameter changes (checked by temporarily asserting that `handler.takes()`, `handler.resets()`,
/// `handler.lossesRecorded()`, `handler.settlements()`, `handler.revocations()` and
/// `handler.paramChanges()` stay zero, each of which fails).
contract CdpInvariantsTest is CdpBaseTest {
    uint256 internal constant TYPES = 2;

    CdpHandler internal handler;
    DevToken internal wbtc;
    DevPriceFeed internal btcFeed;
    DevToken[2] internal tokenList;

    function setUp() public override {
        super.setUp();
        wbtc = new DevToken("Wrapped Bitcoin", "WBTC", 8);
        btcFeed = new DevPriceFeed(8, "BTC / USD", 60_000e8);
        CollateralParams memory p = defaultParams(adapter(btcFeed, 8));
        p.stabilityFee = engine.MAX_STABILITY_FEE();
        p.minRatioBps = 12_000;
        p.liquidationPenaltyBps = 500;
        p.auctionFloorBps = 5_000;
        p.keeperFeeBps = 100;
        p.auctionHalfLife = 5 minutes;
        p.auctionMaxDuration = 1 hours;
        p.debtCeiling = 10_000_000e18;
        p.debtFloor = 0;
        p.keeperTip = 0;
        p.auctionLimit = 30_000e18;
        engine.addCollateralType(address(wbtc), p);
        psm.setCap(type(uint128).max);
        psm.setFees(10, 20);
        kusd.setFlashParams(5, 10_000_000e18, address(engine));

        tokenList = [weth, wbtc];
        DevPriceFeed[2] memory feeds = [ethFeed, btcFeed];
        handler = new CdpHandler(engine, psm, tokenList, feeds, usdc, usdcFeed, address(this), guardian);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](24);
        selectors[0] = CdpHandler.open.selector;
        selectors[1] = CdpHandler.deposit.selector;
        selectors[2] = CdpHandler.withdraw.selector;
        selectors[3] = CdpHandler.mint.selector;
        selectors[4] = CdpHandler.repay.selector;
        selectors[5] = CdpHandler.close.selector;
        selectors[6] = CdpHandler.transferVault.selector;
        selectors[7] = CdpHandler.movePrice.selector;
        selectors[8] = CdpHandler.passTime.selector;
        selectors[9] = CdpHandler.setMintPaused.selector;
        selectors[10] = CdpHandler.startAuction.selector;
        selectors[11] = CdpHandler.resetAuction.selector;
        selectors[12] = CdpHandler.take.selector;
        selectors[13] = CdpHandler.psmSell.selector;
        selectors[14] = CdpHandler.psmBuy.selector;
        selectors[15] = CdpHandler.absorbSurplus.selector;
        selectors[16] = CdpHandler.withdrawSurplus.selector;
        selectors[17] = CdpHandler.flashMint.selector;
        selectors[18] = CdpHandler.freezePegModule.selector;
        selectors[19] = CdpHandler.setParams.selector;
        selectors[20] = CdpHandler.shutdown.selector;
        selectors[21] = CdpHandler.settle.selector;
        selectors[22] = CdpHandler.signedGrant.selector;
        selectors[23] = CdpHandler.signedGrant.selector; // twice as likely: grants pile up before a revoke
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev CDP-1, CDP-2 and CDP-4, walking every vault and auction once.
    function invariant_DebtBooks() public view {
        uint256[TYPES] memory vaultNormalized;
        uint256[TYPES] memory tabs;
        uint256 auctionDebt;
        uint256 count = engine.vaultCount();
        for (uint256 id = 1; id <= count; ++id) {
            Vault memory v = engine.vault(id);
            Auction memory a = engine.auction(id);
            vaultNormalized[v.typeId] += v.normalizedDebt;
            tabs[v.typeId] += a.tab;
            auctionDebt += a.debt;
            assertLe(a.debt, a.tab, "CDP-4 auction debt above its tab");
            assertEq(a.tab != 0, a.collateral != 0, "CDP-4 tab without collateral, or collateral without tab");
        }
        uint256 totalRad;
        for (uint256 typeId; typeId < TYPES; ++typeId) {
            CollateralType memory t = engine.collateralType(typeId);
            assertEq(vaultNormalized[typeId], t.totalNormalizedDebt, "CDP-1");
            assertEq(tabs[typeId], t.inAuction, "CDP-4 tabs");
            totalRad += uint256(t.totalNormalizedDebt) * t.rate;
        }
        assertEq(engine.totalDebtRad(), totalRad, "CDP-2");
        assertEq(engine.auctionDebt(), auctionDebt, "CDP-4 auction debt");
    }

    /// @dev CDP-12, over every auction still running.
    function invariant_RewardsWithinPenalty() public view {
        uint256 count = engine.vaultCount();
        for (uint256 id = 1; id <= count; ++id) {
            if (engine.auction(id).tab == 0) continue;
            assertLe(handler.rewardsPaid(id), handler.penaltyCarried(id), "CDP-12");
        }
    }

    /// @dev CDP-3.
    function invariant_KusdBooks() public view {
        assertEq(booksImbalance(), 0, "CDP-3");
    }

    /// @dev CDP-5 and CDP-6.
    function invariant_TokenBooks() public view {
        uint256[TYPES] memory held;
        uint256 count = engine.vaultCount();
        for (uint256 id = 1; id <= count; ++id) {
            uint256 typeId = engine.vault(id).typeId;
            held[typeId] += uint256(engine.vault(id).collateral) + engine.auction(id).collateral;
        }
        for (uint256 typeId; typeId < TYPES; ++typeId) {
            assertEq(tokenList[typeId].balanceOf(address(engine)), held[typeId], "CDP-5");
        }
        assertEq(psm.minted(), usdc.balanceOf(address(psm)) * 1e12, "CDP-6");
    }
}
