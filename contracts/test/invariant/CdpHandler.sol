// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {Test, Vm} from "forge-std/Test.sol";
import {CdpEngine} from "../../src/cdp/CdpEngine.sol";
import {Kusd} from "../../src/cdp/Kusd.sol";
import {PegStabilityModule} from "../../src/cdp/PegStabilityModule.sol";
import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {
    Auction,
    CollateralParams,
    CollateralType,
    OperatorApproval,
    TYPE_MINT_PAUSED,
    TYPE_SHUTDOWN,
    Vault
} from "../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../src/interfaces/ICdpErrors.sol";
import {IPegStabilityModule} from "../../src/interfaces/IPegStabilityModule.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {ISignedGrants} from "../../src/interfaces/ISignedGrants.sol";
import {RAY} from "../../src/libraries/Constants.sol";

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
/// few actors and one keeper, and third-party and governance actions (a shutdown, permissionless
/// settlements, guardian pauses and freezes, in-bounds parameter changes, signed operator grants and
/// their revocation), and checks the per-action properties of the spec (CDP-7 to CDP-14) as it goes. Only documented refusals that the handler verifies as honest (a mint or withdrawal that
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
    /// @dev A vault owner who signs operator grants, and the grants it signed that nobody submitted yet.
    address internal immutable signer;
    uint256 internal immutable signerKey;
    OperatorApproval[] internal outstandingGrants;
    bytes[] internal outstandingSignatures;

    // ghosts
    int256 internal surplusBefore;
    /// @notice kUSD paid out of the surplus (withdrawals) and losses reported, in kUSD wei.
    uint256 public surplusOutflows;
    uint256 public auctionsStarted;
    uint256 public takes;
    uint256 public lossesRecorded;
    uint256 public resets;
    uint256 public settlements;
    uint256 public revocations;
    uint256 public paramChanges;
    /// @notice Per vault, the keeper rewards paid for its current auction and the penalty its tab carried.
    mapping(uint256 vaultId => uint256) public rewardsPaid;
    mapping(uint256 vaultId => uint256) public penaltyCarried;
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
        (signer, signerKey) = makeAddrAndKey("cdpSigner");
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
            uint256 needed = (debt * _type(v.typeId).minRatioBps * 1e18) / BPS / _price(v.typeId);
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
        (, int256 answer, , , ) = feeds[typeId].latestRoundData();
        int256 moved = (answer * int256(bound(percent, 60, 130))) / 100;
        int256 low = typeId == 0 ? int256(100e8) : int256(1_000e8);
        int256 high = typeId == 0 ? int256(100_000e8) : int256(1_000_000e8);
        feeds[typeId].setAnswer(
            moved < low
                ? low
                : moved > high
                    ? high
                    : moved
        );
        _begin();
        _end(this.movePrice.selector);
    }

    function passTime(uint256 seconds_) external {
        _passTime(bound(seconds_, 1, 2 days));
        _begin();
        _end(this.passTime.selector);
    }

    /// @dev The guardian pauses a quarter of the time; governance lifts it otherwise. CDP-14: the
    /// guardian's attempt to lift a pause, or to thaw the peg module, always fails.
    function setMintPaused(uint256 typeSeed, uint256 coin) external {
        uint256 typeId = typeSeed % TYPES;
        bool paused = coin % 4 == 0;
        _begin();
        if (paused) {
            vm.prank(guardian);
            engine.setMintPaused(typeId, true);
        } else {
            vm.prank(guardian);
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
            engine.setMintPaused(typeId, false);
            vm.prank(governance);
            engine.setMintPaused(typeId, false);
        }
        assertEq(_type(typeId).flags & TYPE_MINT_PAUSED != 0, paused);
        _end(this.setMintPaused.selector);
    }

    /// @dev The guardian freezes the peg module; it cannot thaw it; governance does.
    function freezePegModule() external {
        _begin();
        vm.prank(guardian);
        psm.setFrozen(true);
        vm.expectRevert(IPegStabilityModule.PsmFrozen.selector);
        psm.sellGem(1, keeper);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        psm.setFrozen(false);
        assertTrue(psm.frozen(), "CDP-14 the guardian thawed");
        vm.prank(governance);
        psm.setFrozen(false);
        _end(this.freezePegModule.selector);
    }

    /// @dev Governance changes a live type's parameters within the bounds: floor, tip, keeper fee,
    /// penalty and the auction curve, raised or lowered. The existing vaults stay as they are.
    function setParams(uint256 typeSeed, uint256 floorSeed, uint256 tipSeed, uint256 curveSeed) external {
        uint256 typeId = typeSeed % TYPES;
        CollateralType memory t = _type(typeId);
        if (t.flags & TYPE_SHUTDOWN != 0) return;
        CollateralParams memory p = _paramsOf(t);
        p.liquidationPenaltyBps = uint16(
            bound(curveSeed >> 128, 100, p.minRatioBps - BPS < 2_500 ? p.minRatioBps - BPS : 2_500)
        );
        p.keeperFeeBps = uint16(bound(curveSeed >> 64, 0, 50));
        p.debtFloor = uint128(bound(floorSeed, 0, 5_000e18));
        uint256 room =
            uint256(p.liquidationPenaltyBps) * BPS - uint256(p.keeperFeeBps) * (BPS + p.liquidationPenaltyBps);
        p.keeperTip = uint128((((uint256(p.debtFloor) * room) / (BPS * BPS)) * bound(tipSeed, 0, 100)) / 100);
        p.auctionStartBufferBps = uint16(bound(curveSeed, 10_000, 15_000));
        uint256 highestFloor = (9_900 * BPS) / p.auctionStartBufferBps; // the curve must clear (decision 0017)
        p.auctionFloorBps = uint16(bound(curveSeed >> 16, 1_000, highestFloor < 9_500 ? highestFloor : 9_500));
        p.auctionHalfLife = uint32(bound(curveSeed >> 32, 1 minutes, 2 hours));
        p.auctionMaxDuration = uint32(p.auctionHalfLife * 2 < 10 minutes ? 10 minutes : p.auctionHalfLife * 2);
        if (p.auctionLimit < p.debtFloor) p.auctionLimit = p.debtFloor;
        _begin();
        vm.prank(governance);
        engine.setCollateralParams(typeId, p);
        ++paramChanges;
        _end(this.setParams.selector);
    }

    /// @dev Governance shuts the WBTC type down (once), and only rarely, so that most runs keep both types live
    /// for a while.
    function shutdown(uint256 coin) external {
        if (coin % 4 != 0) return;
        uint256 typeId = 1;
        if (_type(typeId).flags & TYPE_SHUTDOWN != 0) return;
        _begin();
        vm.prank(governance);
        engine.shutdown(typeId);
        assertEq(_type(typeId).shutdownPrice, _price(typeId));
        _end(this.shutdown.selector);
    }

    /// @dev Anyone settles a vault of a shut-down type. The settle price is the lower of the shutdown
    /// price and the oracle's; a vault below its minimum ratio there pays the penalty; nobody is paid.
    function settle(uint256 vaultSeed, uint256 actorSeed) external {
        uint256 count = engine.vaultCount();
        uint256 id;
        for (uint256 i; i < count; ++i) {
            uint256 candidate = (((vaultSeed % (count == 0 ? 1 : count)) + i) % count) + 1;
            Vault memory c = engine.vault(candidate);
            if (_type(c.typeId).flags & TYPE_SHUTDOWN == 0) continue;
            if (c.normalizedDebt == 0 || engine.auction(candidate).tab != 0) continue;
            id = candidate;
            break;
        }
        if (id == 0) return;
        Vault memory v = engine.vault(id);
        CollateralType memory t = _type(v.typeId);
        uint256 debt = engine.debtOf(id);
        uint256 price = _price(v.typeId) < t.shutdownPrice ? _price(v.typeId) : t.shutdownPrice;
        bool unsafe = ((v.collateral * price) / 1e18) * BPS < debt * t.minRatioBps;
        address caller = actors[actorSeed % 3];
        uint256 callerBefore = kusd.balanceOf(caller);
        _begin();
        vm.prank(caller);
        uint256 tab = engine.settle(id);
        assertEq(engine.vault(id).normalizedDebt, 0);
        assertEq(tab, unsafe ? debt + (debt * t.liquidationPenaltyBps + BPS - 1) / BPS : debt, "settle tab");
        assertEq(kusd.balanceOf(caller), callerBefore, "a settle pays no reward");
        if (engine.auction(id).tab != 0) {
            rewardsPaid[id] = 0;
            penaltyCarried[id] = tab - debt;
        }
        ++settlements;
        _end(this.settle.selector);
    }

    /// @dev The signer grants an operator by signature, and either someone submits it, or the signer
    /// revokes directly (or invalidates its nonces) first. CDP-13: after a revoke, none of the grants the
    /// signer gave out and nobody submitted can be submitted.
    function signedGrant(uint256 operatorSeed, uint256 mode, uint256 jump) external {
        address operator = actors[operatorSeed % 3];
        uint256 nonce = engine.nonces(signer) + outstandingGrants.length;
        OperatorApproval memory a = OperatorApproval(signer, operator, true, nonce, block.timestamp + 3_650 days);
        (uint8 v, bytes32 r, bytes32 sig) = vm.sign(signerKey, _approvalDigest(a));
        _begin();
        if (mode % 3 == 0 && outstandingGrants.length == 0) {
            engine.setOperatorWithSig(a, abi.encodePacked(r, sig, v));
            assertTrue(engine.isOperator(signer, operator));
        } else {
            outstandingGrants.push(a);
            outstandingSignatures.push(abi.encodePacked(r, sig, v));
            if (mode % 3 != 2) {
                _end(this.signedGrant.selector);
                return; // left outstanding, signed ahead
            }
            uint256 newNonce = engine.nonces(signer) + outstandingGrants.length + bound(jump, 0, 2);
            vm.prank(signer);
            if (jump % 2 == 0) engine.setOperator(operator, false);
            else engine.invalidateNonces(newNonce);
            for (uint256 i; i < outstandingGrants.length; ++i) {
                vm.expectPartialRevert(ISignedGrants.InvalidNonce.selector);
                engine.setOperatorWithSig(outstandingGrants[i], outstandingSignatures[i]);
            }
            if (jump % 2 == 0) assertFalse(engine.isOperator(signer, operator), "CDP-13 a revoked grant came back");
            delete outstandingGrants;
            delete outstandingSignatures;
            ++revocations;
        }
        _end(this.signedGrant.selector);
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
        (, int256 answer, , , ) = feeds[typeId].latestRoundData();
        int256 crashed = (answer * int256(100 - bound(crash, 0, 45))) / 100;
        int256 low = typeId == 0 ? int256(100e8) : int256(1_000e8);
        feeds[typeId].setAnswer(crashed < low ? low : crashed);
        uint256 count = engine.vaultCount();
        for (uint256 i; i < count; ++i) {
            uint256 candidate = (((vaultSeed % count) + i) % count) + 1;
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
        uint256 debtBefore = engine.debtOf(id);
        uint256 keeperBefore = kusd.balanceOf(keeper);
        try engine.startAuction(id, keeper) returns (uint256 tab) {
            assertTrue(unsafe, "liquidated a safe vault");
            assertGt(tab, 0);
            ++auctionsStarted;
            Auction memory a = engine.auction(id);
            uint256 reward = kusd.balanceOf(keeper) - keeperBefore;
            // The principal seized is the part of the tab that is not penalty: a.debt − reward.
            uint256 seizedDebt = a.tab == 0 ? debtBefore : a.debt - reward;
            rewardsPaid[id] = reward;
            penaltyCarried[id] = tab - seizedDebt;
            _assertRewardsWithinPenalty(id);
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
        (uint256 price, ) = engine.auctionPrice(id);
        Auction memory a = engine.auction(id);
        uint256 typeId = engine.vault(id).typeId;
        uint256 slice = amount % 4 == 0 ? a.collateral : bound(amount, 1, a.collateral);
        uint256 cost = (slice * price) / 1e18 + 1;
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
            (, int256 answer, , , ) = feeds[i].latestRoundData();
            feeds[i].setAnswer(answer);
        }
        (, int256 usd, , , ) = usdcFeed.latestRoundData();
        usdcFeed.setAnswer(usd);
    }

    function _reset(uint256 id) internal {
        uint256 typeId = engine.vault(id).typeId;
        uint256 keeperBefore = kusd.balanceOf(keeper);
        vm.prank(keeper);
        engine.resetAuction(id, keeper);
        rewardsPaid[id] += kusd.balanceOf(keeper) - keeperBefore;
        _assertRewardsWithinPenalty(id);
        Auction memory a = engine.auction(id);
        uint256 expectedTop = (_price(typeId) * _type(typeId).auctionStartBufferBps + BPS - 1) / BPS;
        if (_type(typeId).flags & TYPE_SHUTDOWN == 0)
            assertEq(a.topPrice, expectedTop, "reset from the oracle x buffer");
        assertEq(a.startedAt, block.timestamp);
        ++resets;
    }

    /// @dev A debt to ask for against `collateral`: 30% to 101% of what the ratio allows on top of
    /// `debt`, or nothing when that is below the floor or the type is paused for new debt.
    function _debtToAsk(
        uint256 typeId,
        uint256 debt,
        uint256 collateral,
        uint256 pct
    ) internal view returns (uint256 amount) {
        CollateralType memory t = _type(typeId);
        uint256 maxDebt = (((collateral * _price(typeId)) / 1e18) * BPS) / t.minRatioBps;
        if (maxDebt <= debt) return 0;
        amount = ((maxDebt - debt) * bound(pct, 30, 101)) / 100;
        if (debt + amount < t.debtFloor) return 0;
        if (t.flags & (TYPE_MINT_PAUSED | TYPE_SHUTDOWN) != 0 && pct % 3 != 0) return 0; // mostly skip paused types
    }

    function _expectMintRefusal(
        bytes memory reason,
        uint256 typeId,
        uint256 collateral,
        uint256 debt,
        uint256 amount
    ) internal view {
        if (amount == 0) _reraise(reason); // nothing minted: nothing may be refused
        bytes4 selector = bytes4(reason);
        if (selector == ICdpErrors.RatioBelowMinimum.selector) {
            // The new debt is at most debt + amount + a rounding unit or two.
            assertFalse(_isSafe(typeId, collateral, debt + amount + 2), "refused a safe mint");
        } else if (selector == ICdpErrors.MintPaused.selector) {
            assertTrue(_type(typeId).flags & TYPE_MINT_PAUSED != 0, "refused a mint on a live type");
        } else if (selector == ICdpErrors.TypeIsShutdown.selector) {
            assertTrue(_type(typeId).flags & TYPE_SHUTDOWN != 0, "refused a mint on a live type");
        } else if (selector != ICdpErrors.DebtCeilingExceeded.selector) {
            _expect(reason, ICdpErrors.GlobalDebtCeilingExceeded.selector);
        }
    }

    function _isSafe(uint256 typeId, uint256 collateral, uint256 debt) internal view returns (bool) {
        if (debt == 0) return true;
        uint256 value = (collateral * _price(typeId)) / 1e18;
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
        uint256 gemAmount = ((amount - balance) * BPS) / (BPS - psm.feeInBps()) / 1e12 + 1;
        usdc.mint(who, gemAmount);
        vm.prank(who);
        psm.sellGem(gemAmount, who);
    }

    /// @dev CDP-12: the rewards paid for one auction never exceed the penalty its tab carried.
    function _assertRewardsWithinPenalty(uint256 id) internal view {
        assertLe(rewardsPaid[id], penaltyCarried[id], "CDP-12 rewards above the penalty");
    }

    function _approvalDigest(OperatorApproval memory a) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "OperatorApproval(address owner,address operator,bool approved,uint256 nonce,uint256 deadline)"
                ),
                a.owner,
                a.operator,
                a.approved,
                a.nonce,
                a.deadline
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", engine.DOMAIN_SEPARATOR(), structHash));
    }

    function _paramsOf(CollateralType memory t) internal pure returns (CollateralParams memory p) {
        p.oracle = t.oracle;
        p.stabilityFee = RAY + t.feeExcess;
        p.minRatioBps = t.minRatioBps;
        p.liquidationPenaltyBps = t.liquidationPenaltyBps;
        p.auctionStartBufferBps = t.auctionStartBufferBps;
        p.auctionFloorBps = t.auctionFloorBps;
        p.keeperFeeBps = t.keeperFeeBps;
        p.auctionHalfLife = t.auctionHalfLife;
        p.auctionMaxDuration = t.auctionMaxDuration;
        p.debtCeiling = t.debtCeiling;
        p.debtFloor = t.debtFloor;
        p.keeperTip = t.keeperTip;
        p.auctionLimit = t.auctionLimit;
    }

    function _pickVault(uint256 seed) internal view returns (uint256) {
        uint256 count = engine.vaultCount();
        return count == 0 ? 0 : (seed % count) + 1;
    }

    function _pickAuction(uint256 seed) internal view returns (uint256) {
        uint256 count = engine.vaultCount();
        for (uint256 i; i < count; ++i) {
            uint256 id = (((seed % count) + i) % count) + 1;
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

    /// @dev CDP-9: the surplus falls only by governance withdrawals and losses reported by AbsorbLoss;
    /// every other move (fees, penalties, rounding, keeper rewards recovered) raises it. Keeper rewards
    /// are advanced against their auction, so a reward the auction does not recover shows up in a
    /// reported loss, never as a silent fall of the surplus.
    function _end(bytes4 selector) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 outflows;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(engine)) continue;
            bytes32 topic = logs[i].topics[0];
            if (topic == ICdpEngine.AbsorbLoss.selector) {
                (uint256 loss, , ) = abi.decode(logs[i].data, (uint256, uint256, uint256));
                outflows += loss;
                ++lossesRecorded;
            } else if (topic == ICdpEngine.WithdrawSurplus.selector) {
                outflows += abi.decode(logs[i].data, (uint256));
            }
        }
        assertGe(engine.surplusRad() + int256(outflows * RAY), surplusBefore, "CDP-9 surplus leaked");
        surplusOutflows += outflows;
        ++calls[selector];
    }
}
