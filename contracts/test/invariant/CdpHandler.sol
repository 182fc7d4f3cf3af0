// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {Test, Vm} from "forge-std/Test.sol";
import {CdpEngine} from "../../src/cdp/CdpEngine.sol";
import {Kusd} from "../../src/cdp/Kusd.sol";
import {PegStabilityModule} from "../../src/cdp/PegStabilityModule.sol";
import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {Auction, CollateralType, RAY, TYPE_MINT_PAUSED, Vault} from "../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../src/interfaces/ICdpErrors.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";

/// @dev Flash-mints kUSD and records the supply it saw inside the loan.
contract FlashMintProbe is IERC3156FlashBorrower {
    Kusd internal immutable kusd;
    uint256 public supplyDuring;

    constructor(Kusd kusd_) {
        kusd = kusd_;
    }

    function borrow(uint256 amount) external {
        kusd.flashLoan(this, address(kusd), amount, "");
    }

    function onFlashLoan(address, address, uint256 amount, uint256 fee, bytes calldata) external returns (bytes32) {
        supplyDuring = kusd.totalSupply();
        kusd.approve(address(kusd), amount + fee);
        return keccak256("ERC3156FlashBorrower.onFlashLoan");
    }
}

/// @dev Drives the kUSD engine, its peg module and kUSD's flash mint with bounded, valid actions from a
/// few actors and one keeper, and checks the per-action properties of the spec (CDP-7 to CDP-11) as
/// it goes. Only documented refusals that the handler verifies as honest (a mint or withdrawal that
/// would break the ratio, a safe vault sent to auction, a full auction limit, a take that would leave
/// dust, a ceiling, a paused type) are tolerated; any other revert fails the run.
contract CdpHandler is Test {
    uint256 internal constant TYPES = 2;
    uint256 internal constant BPS = 1e4;

    CdpEngine internal immutable engine;
    Kusd internal immutable kusd;
    PegStabilityModule internal immutable psm;
    DevToken internal immutable usdc;
    DevPriceFeed internal immutable usdcFeed;
    address internal immutable governance;
    address internal immutable guardian;
    address internal immutable keeper;
    address internal immutable treasury;
    FlashMintProbe internal immutable probe;
    DevToken[2] internal tokens;
    DevPriceFeed[2] internal feeds;
    address[3] internal actors;
    uint256 internal clock;

    // ghosts
    int256 internal surplusBefore;
    /// @notice kUSD paid out of the surplus (keeper rewards, withdrawals) and losses recorded, in kUSD wei.
    uint256 public surplusOutflows;
    uint256 public auctionsStarted;
    uint256 public takes;
    uint256 public lossesRecorded;
    uint256 public resets;
    mapping(bytes4 selector => uint256) public calls;

    constructor(
        CdpEngine engine_,
        PegStabilityModule psm_,
        DevToken[2] memory tokens_,
        DevPriceFeed[2] memory feeds_,
        DevToken usdc_,
        DevPriceFeed usdcFeed_,
        address governance_,
        address guardian_
    ) {
        engine = engine_;
        kusd = Kusd(engine_.kusd());
        psm = psm_;
        tokens = tokens_;
        feeds = feeds_;
        usdc = usdc_;
        usdcFeed = usdcFeed_;
        governance = governance_;
        guardian = guardian_;
        keeper = makeAddr("cdpKeeper");
        treasury = makeAddr("treasury");
        probe = new FlashMintProbe(kusd);
        actors = [makeAddr("cdpActor0"), makeAddr("cdpActor1"), makeAddr("cdpActor2")];
        for (uint256 a; a < 4; ++a) {
            address who = a < 3 ? actors[a] : keeper;
            vm.startPrank(who);
            tokens_[0].approve(address(engine_), type(uint256).max);
            tokens_[1].approve(address(engine_), type(uint256).max);
            usdc_.approve(address(psm_), type(uint256).max);
            vm.stopPrank();
        }
        clock = block.timestamp;
    }

    // ----- vaults -----

    function open(uint256 actorSeed, uint256 typeSeed, uint256 amount, uint256 debtPct) external {
        address actor = actors[actorSeed % 3];
        uint256 typeId = typeSeed % TYPES;
        uint256 unit = 10 ** tokens[typeId].decimals();
        amount = bound(amount, unit / 100, 100 * unit);
        uint256 debt = _debtToAsk(typeId, 0, amount, debtPct);
        tokens[typeId].mint(actor, amount);
        _begin();
        vm.prank(actor);
        try engine.open(typeId, actor, amount, debt, actor) returns (uint256 id) {
            _assertSafe(id, "CDP-7 open");
        } catch (bytes memory reason) {
            _expectMintRefusal(reason, typeId, amount, 0, debt);
        }
        _end(this.open.selector);
    }

    function deposit(uint256 vaultSeed, uint256 actorSeed, uint256 amount) external {
        uint256 id = _pickVault(vaultSeed);
        if (id == 0) return;
        address actor = actors[actorSeed % 3]; // anyone may add collateral
        uint256 typeId = engine.vault(id).typeId;
        uint256 unit = 10 ** tokens[typeId].decimals();
        amount = bound(amount, 1, 10 * unit);
        tokens[typeId].mint(actor, amount);
        uint256 before = engine.vault(id).collateral;
        _begin();
        vm.prank(actor);
        engine.deposit(id, amount);
        assertEq(engine.vault(id).collateral, before + amount);
        _end(this.deposit.selector);
    }

    function withdraw(uint256 vaultSeed, uint256 amount, bool toTheEdge) external {
        uint256 id = _pickVault(vaultSeed);
        if (id == 0) return;
        Vault memory v = engine.vault(id);
        if (v.collateral == 0) return;
        uint256 debt = engine.debtOf(id);
        if (toTheEdge && debt != 0) {
            // Just inside or just beyond the collateral the ratio frees.
            uint256 needed = debt * _type(v.typeId).minRatioBps * 1e18 / BPS / _price(v.typeId);
            uint256 free = v.collateral > needed ? v.collateral - needed : 0;
            amount = free + bound(amount, 0, 2);
            if (amount == 0 || amount > v.collateral) return;
        } else {
            amount = bound(amount, 1, v.collateral);
        }
        uint256 balanceBefore = tokens[v.typeId].balanceOf(v.owner);
        _begin();
        vm.prank(v.owner);
        try engine.withdraw(id, amount, v.owner) {
            _assertSafe(id, "CDP-7 withdraw");
            assertEq(tokens[v.typeId].balanceOf(v.owner), balanceBefore + amount);
        } catch (bytes memory reason) {
            _expect(reason, ICdpErrors.RatioBelowMinimum.selector);
            assertFalse(_isSafe(v.typeId, v.collateral - amount, debt), "refused a safe withdrawal");
        }
        _end(this.withdraw.selector);
    }

    function mint(uint256 vaultSeed, uint256 debtPct) external {
        uint256 id = _pickVault(vaultSeed);
        if (id == 0) return;
        Vault memory v = engine.vault(id);
        uint256 debt = engine.debtOf(id);
        uint256 amount = _debtToAsk(v.typeId, debt, v.collateral, debtPct);
        if (amount == 0) return;
        uint256 balanceBefore = kusd.balanceOf(v.owner);
        _begin();
        vm.prank(v.owner);
        try engine.mint(id, amount, v.owner) {
            _assertSafe(id, "CDP-7 mint");
            assertEq(kusd.balanceOf(v.owner), balanceBefore + amount);
            assertGe(engine.debtOf(id), debt + amount, "mint owes less than it received");
        } catch (bytes memory reason) {
            _expectMintRefusal(reason, v.typeId, v.collateral, debt, amount);
        }
        _end(this.mint.selector);
    }

    function repay(uint256 vaultSeed, uint256 payerSeed, uint256 amount, bool all) external {
        uint256 id = _pickVault(vaultSeed);
        if (id == 0) return;
        Vault memory v = engine.vault(id);
        if (v.normalizedDebt == 0) return;
        address payer = actors[payerSeed % 3]; // anyone may repay
        uint256 debt = engine.debtOf(id);
        uint256 floor = _type(v.typeId).debtFloor;
        if (all || debt <= floor) amount = debt;
        else amount = bound(amount, 1, debt - floor); // leaves zero or at least the floor
        _fundKusd(payer, amount);
        uint256 balanceBefore = kusd.balanceOf(payer);
        _begin();
        vm.prank(payer);
        uint256 repaid = engine.repay(id, all ? type(uint256).max : amount);
        assertEq(repaid, amount);
        assertEq(balanceBefore - kusd.balanceOf(payer), amount);
        if (amount == debt) {
            // CDP-8: a full repay leaves exactly zero.
            assertEq(engine.vault(id).normalizedDebt, 0, "CDP-8 repay");
            assertEq(engine.debtOf(id), 0, "CDP-8 repay");
        } else {
            assertGe(engine.debtOf(id), debt - amount, "repay relieved more than it paid");
        }
        _end(this.repay.selector);
    }

    function close(uint256 vaultSeed) external {
        uint256 id = _pickVault(vaultSeed);
        if (id == 0) return;
        Vault memory v = engine.vault(id);
        uint256 debt = engine.debtOf(id);
        _fundKusd(v.owner, debt);
        uint256 tokenBefore = tokens[v.typeId].balanceOf(v.owner);
        _begin();
        vm.prank(v.owner);
        (uint256 repaid, uint256 collateral) = engine.close(id, v.owner);
        assertEq(repaid, debt);
        assertEq(collateral, v.collateral);
        assertEq(tokens[v.typeId].balanceOf(v.owner), tokenBefore + collateral);
        // CDP-8: closing leaves exactly zero.
        assertEq(engine.vault(id).normalizedDebt, 0, "CDP-8 close");
        assertEq(engine.vault(id).collateral, 0, "CDP-8 close");
        _end(this.close.selector);
    }

    function transferVault(uint256 vaultSeed, uint256 actorSeed) external {
        uint256 id = _pickVault(vaultSeed);
        if (id == 0) return;
        Vault memory v = engine.vault(id);
        address to = actors[actorSeed % 3];
        _begin();
        vm.prank(v.owner);
        engine.transferVault(id, to);
        Vault memory after_ = engine.vault(id);
        assertEq(after_.owner, to);
        assertEq(after_.collateral, v.collateral);
        assertEq(after_.normalizedDebt, v.normalizedDebt);
        _end(this.transferVault.selector);
    }

    // ----- market -----

    function movePrice(uint256 typeSeed, uint256 percent) external {
        uint256 typeId = typeSeed % TYPES;
        (, int256 answer,,,) = feeds[typeId].latestRoundData();
        int256 moved = answer * int256(bound(percent, 60, 130)) / 100;
        int256 low = typeId == 0 ? int256(100e8) : int256(1_000e8);
        int256 high = typeId == 0 ? int256(100_000e8) : int256(1_000_000e8);
        feeds[typeId].setAnswer(moved < low ? low : moved > high ? high : moved);
        _begin();
        _end(this.movePrice.selector);
    }

    function passTime(uint256 seconds_) external {
        _passTime(bound(seconds_, 1, 2 days));
        _begin();
        _end(this.passTime.selector);
    }

    function setMintPaused(uint256 typeSeed, uint256 coin) external {
        uint256 typeId = typeSeed % TYPES;
        bool paused = coin % 4 == 0; // paused a quarter of the time
        _begin();
        vm.prank(guardian);
        engine.setMintPaused(typeId, paused);
        _end(this.setMintPaused.selector);
    }

    // ----- liquidation -----

    /// @dev The price of a type falls by up to 45% (a crash), then a keeper sends an unsafe vault of
    /// that type to auction, or, if none is unsafe, tries one that is safe.
    function startAuction(uint256 vaultSeed, uint256 crash) external {
        _begin();
        _startAuction(vaultSeed, crash);
        _end(this.startAuction.selector);
    }

    function resetAuction(uint256 auctionSeed) external {
        uint256 id = _pickAuction(auctionSeed);
        if (id == 0) return;
        (, bool stale) = engine.auctionPrice(id);
        _begin();
        if (stale) {
            _reset(id);
        } else {
            vm.prank(keeper);
            vm.expectRevert(abi.encodeWithSelector(ICdpErrors.AuctionNotStale.selector, id));
            engine.resetAuction(id, keeper);
        }
        _end(this.resetAuction.selector);
    }

    /// @dev A keeper arrives up to 15 minutes later (prices decay meanwhile; a stale auction is reset
    /// first) and buys part of the lot, or all of it a quarter of the time. With no auction running,
    /// a crash starts one first.
    function take(uint256 auctionSeed, uint256 amount, uint256 wait) external {
        _begin();
        uint256 id = _pickAuction(auctionSeed);
        if (id == 0) id = _startAuction(auctionSeed, amount);
        if (id != 0) {
            _passTime(bound(wait, 0, 15 minutes));
            _take(id, amount);
        }
        _end(this.take.selector);
    }

    // ----- peg module, surplus, flash mint -----

    function psmSell(uint256 actorSeed, uint256 gemAmount) external {
        address actor = actors[actorSeed % 3];
        gemAmount = bound(gemAmount, 1, 1_000_000e6);
        usdc.mint(actor, gemAmount);
        uint256 value = gemAmount * 1e12;
        uint256 balanceBefore = kusd.balanceOf(actor);
        _begin();
        vm.prank(actor);
        uint256 out = psm.sellGem(gemAmount, actor);
        assertEq(out, value - (value * psm.feeInBps() + BPS - 1) / BPS);
        assertEq(kusd.balanceOf(actor), balanceBefore + out);
        _end(this.psmSell.selector);
    }

    function psmBuy(uint256 actorSeed, uint256 gemAmount) external {
        address actor = actors[actorSeed % 3];
        uint256 held = psm.minted() / 1e12;
        if (held == 0) return;
        gemAmount = bound(gemAmount, 1, held < 1_000_000e6 ? held : 1_000_000e6);
        uint256 value = gemAmount * 1e12;
        uint256 cost = value + (value * psm.feeOutBps() + BPS - 1) / BPS;
        if (kusd.balanceOf(actor) < cost) return; // buying with kUSD bought from the module itself proves little
        uint256 gemBefore = usdc.balanceOf(actor);
        _begin();
        vm.prank(actor);
        assertEq(psm.buyGem(gemAmount, actor), cost);
        assertEq(usdc.balanceOf(actor), gemBefore + gemAmount);
        _end(this.psmBuy.selector);
    }

    function absorbSurplus(uint256 actorSeed, uint256 donation) external {
        address actor = actors[actorSeed % 3];
        donation = bound(donation, 0, 1_000e18);
        if (donation != 0) {
            _fundKusd(actor, donation);
            vm.prank(actor);
            kusd.transfer(address(engine), donation);
        }
        uint256 held = kusd.balanceOf(address(engine));
        int256 surplus = engine.surplusRad();
        _begin();
        vm.prank(actor);
        assertEq(engine.absorbSurplus(), held);
        assertEq(engine.surplusRad(), surplus + int256(held * RAY));
        assertEq(kusd.balanceOf(address(engine)), 0);
        _end(this.absorbSurplus.selector);
    }

    function withdrawSurplus(uint256 amount) external {
        int256 surplus = engine.surplusRad();
        if (surplus < int256(RAY)) return;
        amount = bound(amount, 1, uint256(surplus) / RAY);
        uint256 before = kusd.balanceOf(treasury);
        _begin();
        vm.prank(governance);
        engine.withdrawSurplus(treasury, amount);
        assertEq(kusd.balanceOf(treasury), before + amount);
        _end(this.withdrawSurplus.selector);
    }

    function flashMint(uint256 amount) external {
        amount = bound(amount, 1, kusd.maxFlashLoan(address(kusd)));
        uint256 fee = kusd.flashFee(address(kusd), amount);
        if (fee != 0) {
            _fundKusd(keeper, fee);
            vm.prank(keeper);
            kusd.transfer(address(probe), fee);
        }
        uint256 supply = kusd.totalSupply();
        uint256 engineBalance = kusd.balanceOf(address(engine));
        _begin();
        probe.borrow(amount);
        // CDP-11: a flash mint exists only inside its transaction; its fee reaches the engine.
        assertEq(probe.supplyDuring(), supply + amount, "CDP-11 during");
        assertEq(kusd.totalSupply(), supply, "CDP-11 after");
        assertEq(kusd.balanceOf(address(engine)), engineBalance + fee);
        _end(this.flashMint.selector);
    }

    // ----- helpers -----

    /// @dev Returns the vault sent to auction, or 0.
    function _startAuction(uint256 vaultSeed, uint256 crash) internal returns (uint256) {
        uint256 id = _pickVault(vaultSeed);
        if (id == 0) return 0;
        uint256 typeId = engine.vault(id).typeId;
        (, int256 answer,,,) = feeds[typeId].latestRoundData();
        int256 crashed = answer * int256(100 - bound(crash, 0, 45)) / 100;
        int256 low = typeId == 0 ? int256(100e8) : int256(1_000e8);
        feeds[typeId].setAnswer(crashed < low ? low : crashed);
        uint256 count = engine.vaultCount();
        for (uint256 i; i < count; ++i) {
            uint256 candidate = (vaultSeed % count + i) % count + 1;
            Vault memory c = engine.vault(candidate);
            if (c.normalizedDebt == 0 || engine.auction(candidate).tab != 0) continue;
            if (_isSafe(c.typeId, c.collateral, engine.debtOf(candidate))) continue;
            id = candidate;
            break;
        }
        Vault memory v = engine.vault(id);
        if (v.normalizedDebt == 0 || engine.auction(id).tab != 0) return 0;
        bool unsafe = !_isSafe(v.typeId, v.collateral, engine.debtOf(id));
        vm.prank(keeper);
        try engine.startAuction(id, keeper) returns (uint256 tab) {
            assertTrue(unsafe, "liquidated a safe vault");
            assertGt(tab, 0);
            ++auctionsStarted;
            return engine.auction(id).tab == 0 ? 0 : id; // a collateral-less vault ends at once
        } catch (bytes memory reason) {
            if (bytes4(reason) == ICdpErrors.VaultIsSafe.selector) assertFalse(unsafe, "refused an unsafe vault");
            else _expect(reason, ICdpErrors.AuctionLimitReached.selector);
            return 0;
        }
    }

    function _take(uint256 id, uint256 amount) internal {
        (, bool stale) = engine.auctionPrice(id);
        if (stale) _reset(id); // a keeper arriving late resets first
        (uint256 price,) = engine.auctionPrice(id);
        Auction memory a = engine.auction(id);
        uint256 typeId = engine.vault(id).typeId;
        uint256 slice = amount % 4 == 0 ? a.collateral : bound(amount, 1, a.collateral);
        uint256 cost = slice * price / 1e18 + 1;
        _fundKusd(keeper, cost < a.tab ? cost : a.tab);
        uint256 kusdBefore = kusd.balanceOf(keeper);
        uint256 tokenBefore = tokens[typeId].balanceOf(keeper);
        vm.prank(keeper);
        try engine.take(id, slice, price, keeper, "") returns (uint256 bought, uint256 paid) {
            // CDP-10: collateral is never sold for nothing, nor below the auction's floor.
            assertGt(paid, 0, "CDP-10 sold for nothing");
            assertGe(paid * 1e18, bought * price, "CDP-10 paid below the price");
            assertGe(price * BPS, uint256(a.topPrice) * _type(typeId).auctionFloorBps, "CDP-10 below the floor");
            assertLe(bought, slice);
            assertLe(paid, a.tab);
            assertEq(kusdBefore - kusd.balanceOf(keeper), paid);
            assertEq(tokens[typeId].balanceOf(keeper) - tokenBefore, bought);
            ++takes;
        } catch (bytes memory reason) {
            _expect(reason, ICdpErrors.TakeLeavesDust.selector);
            assertLt(slice, a.collateral, "refused a take of the whole lot");
        }
    }

    /// @dev Moves the clock and re-posts every feed, which the adapters would otherwise call stale.
    function _passTime(uint256 seconds_) internal {
        clock += seconds_;
        vm.warp(clock);
        for (uint256 i; i < TYPES; ++i) {
            (, int256 answer,,,) = feeds[i].latestRoundData();
            feeds[i].setAnswer(answer);
        }
        (, int256 usd,,,) = usdcFeed.latestRoundData();
        usdcFeed.setAnswer(usd);
    }

    function _reset(uint256 id) internal {
        uint256 typeId = engine.vault(id).typeId;
        vm.prank(keeper);
        engine.resetAuction(id, keeper);
        Auction memory a = engine.auction(id);
        uint256 expectedTop = (_price(typeId) * _type(typeId).auctionStartBufferBps + BPS - 1) / BPS;
        assertEq(a.topPrice, expectedTop, "reset from the oracle x buffer");
        assertEq(a.startedAt, block.timestamp);
        ++resets;
    }

    /// @dev A debt to ask for against `collateral`: 30% to 101% of what the ratio allows on top of
    /// `debt`, or nothing when that is below the floor or the type is paused for new debt.
    function _debtToAsk(uint256 typeId, uint256 debt, uint256 collateral, uint256 pct)
        internal
        view
        returns (uint256 amount)
    {
        CollateralType memory t = _type(typeId);
        uint256 maxDebt = collateral * _price(typeId) / 1e18 * BPS / t.minRatioBps;
        if (maxDebt <= debt) return 0;
        amount = (maxDebt - debt) * bound(pct, 30, 101) / 100;
        if (debt + amount < t.debtFloor) return 0;
        if (t.flags & TYPE_MINT_PAUSED != 0 && pct % 3 != 0) return 0; // mostly skip paused types
    }

    function _expectMintRefusal(bytes memory reason, uint256 typeId, uint256 collateral, uint256 debt, uint256 amount)
        internal
        view
    {
        if (amount == 0) _reraise(reason); // nothing minted: nothing may be refused
        bytes4 selector = bytes4(reason);
        if (selector == ICdpErrors.RatioBelowMinimum.selector) {
            // The new debt is at most debt + amount + a rounding unit or two.
            assertFalse(_isSafe(typeId, collateral, debt + amount + 2), "refused a safe mint");
        } else if (selector == ICdpErrors.MintPaused.selector) {
            assertTrue(_type(typeId).flags & TYPE_MINT_PAUSED != 0, "refused a mint on a live type");
        } else if (selector != ICdpErrors.DebtCeilingExceeded.selector) {
            _expect(reason, ICdpErrors.GlobalDebtCeilingExceeded.selector);
        }
    }

    function _isSafe(uint256 typeId, uint256 collateral, uint256 debt) internal view returns (bool) {
        if (debt == 0) return true;
        uint256 value = collateral * _price(typeId) / 1e18;
        return value * BPS >= debt * _type(typeId).minRatioBps;
    }

    /// @dev CDP-7: the vault the user just acted on is at or above its type's minimum ratio.
    function _assertSafe(uint256 id, string memory label) internal view {
        Vault memory v = engine.vault(id);
        assertTrue(_isSafe(v.typeId, v.collateral, engine.debtOf(id)), label);
    }

    /// @dev Gives `who` at least `amount` kUSD, bought from the peg module at par plus its fee.
    function _fundKusd(address who, uint256 amount) internal {
        uint256 balance = kusd.balanceOf(who);
        if (balance >= amount) return;
        uint256 gemAmount = (amount - balance) * BPS / (BPS - psm.feeInBps()) / 1e12 + 1;
        usdc.mint(who, gemAmount);
        vm.prank(who);
        psm.sellGem(gemAmount, who);
    }

    function _pickVault(uint256 seed) internal view returns (uint256) {
        uint256 count = engine.vaultCount();
        return count == 0 ? 0 : seed % count + 1;
    }

    function _pickAuction(uint256 seed) internal view returns (uint256) {
        uint256 count = engine.vaultCount();
        for (uint256 i; i < count; ++i) {
            uint256 id = (seed % count + i) % count + 1;
            if (engine.auction(id).tab != 0) return id;
        }
        return 0;
    }

    function _type(uint256 typeId) internal view returns (CollateralType memory) {
        return engine.collateralType(typeId);
    }

    function _price(uint256 typeId) internal view returns (uint256) {
        return IPriceOracle(address(_type(typeId).oracle)).price();
    }

    function _expect(bytes memory reason, bytes4 expected) internal pure {
        if (bytes4(reason) != expected) _reraise(reason);
    }

    /// @dev Re-raises a revert the handler did not expect: it is a bug.
    function _reraise(bytes memory reason) internal pure {
        assembly ("memory-safe") {
            revert(add(reason, 32), mload(reason))
        }
    }

    function _begin() internal {
        surplusBefore = engine.surplusRad();
        vm.recordLogs();
    }

    /// @dev CDP-9: the surplus falls only by keeper rewards, governance withdrawals and recorded
    /// losses; every other move (fees, penalties, rounding) raises it.
    function _end(bytes4 selector) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 outflows;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(engine)) continue;
            bytes32 topic = logs[i].topics[0];
            if (topic == ICdpEngine.AbsorbLoss.selector) {
                (uint256 loss,,) = abi.decode(logs[i].data, (uint256, uint256, uint256));
                outflows += loss;
                ++lossesRecorded;
            } else if (topic == ICdpEngine.StartAuction.selector) {
                (,,,, uint256 reward) = abi.decode(logs[i].data, (uint256, uint256, uint256, uint256, uint256));
                outflows += reward;
            } else if (topic == ICdpEngine.ResetAuction.selector) {
                (, uint256 reward) = abi.decode(logs[i].data, (uint256, uint256));
                outflows += reward;
            } else if (topic == ICdpEngine.WithdrawSurplus.selector) {
                outflows += abi.decode(logs[i].data, (uint256));
            }
        }
        assertGe(engine.surplusRad() + int256(outflows * RAY), surplusBefore, "CDP-9 surplus leaked");
        surplusOutflows += outflows;
        ++calls[selector];
    }
}
