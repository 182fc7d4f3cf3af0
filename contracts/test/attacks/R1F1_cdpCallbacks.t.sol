// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {CdpEngine} from "../../src/cdp/CdpEngine.sol";
import {Kusd} from "../../src/cdp/Kusd.sol";
import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {IAuctionTaker} from "../../src/interfaces/IAuctionTaker.sol";
import {Auction, CollateralParams, Vault} from "../../src/interfaces/CdpTypes.sol";
import {IPegStabilityModule} from "../../src/interfaces/IPegStabilityModule.sol";
import {IUniswapV2Router} from "../../src/interfaces/IUniswapV2Router.sol";
import {AuctionTaker} from "../../src/periphery/AuctionTaker.sol";
import {CdpBaseTest} from "../utils/CdpBaseTest.sol";
import {HookToken, ITransferHook} from "../utils/HookToken.sol";

/// @dev One contract playing every role an attacker can give a callback: vault owner, flash-mint
/// receiver, take receiver and token-hook holder. Each callback runs the move it is told to.
contract CdpReenterer is IERC3156FlashBorrower, IAuctionTaker, ITransferHook {
    enum Move {
        None,
        Take,
        StartAuction,
        ResetAuction,
        Mint,
        Withdraw,
        Repay,
        Deposit,
        Close,
        Open,
        AbsorbSurplus,
        ReadViews
    }

    CdpEngine internal immutable engine;
    Kusd internal immutable kusd;
    Move public move;
    uint256 public targetVault;
    uint256 public ownVault;
    address public accomplice;
    bool public repayFlash;
    bool internal inside;
    uint128 public seenCollateral;
    uint128 public seenLot;

    constructor(CdpEngine engine_, Kusd kusd_, address accomplice_) {
        engine = engine_;
        kusd = kusd_;
        accomplice = accomplice_;
    }

    function setMove(Move m, uint256 target) external {
        move = m;
        targetVault = target;
    }

    function approveToken(address token) external {
        DevToken(token).approve(address(engine), type(uint256).max);
    }

    function registerHook(HookToken token) external {
        token.setHook(address(this));
    }

    function openVault(uint256 typeId, uint256 collateral, uint256 debt) external {
        ownVault = engine.open(typeId, address(this), collateral, debt, accomplice);
    }

    function withdraw(uint256 amount) external {
        engine.withdraw(ownVault, amount, address(this));
    }

    function deposit(uint256 amount) external {
        engine.deposit(ownVault, amount);
    }

    function take(uint256 vaultId, uint256 amount, bytes calldata data) external {
        engine.take(vaultId, amount, type(uint256).max, address(this), data);
    }

    function flash(uint256 amount, bool repay) external {
        repayFlash = repay;
        kusd.flashLoan(this, address(kusd), amount, "");
    }

    // ----- callbacks -----

    function onFlashLoan(address, address, uint256 amount, uint256 fee, bytes calldata) external returns (bytes32) {
        _run();
        if (repayFlash) kusd.approve(address(kusd), amount + fee);
        return keccak256("ERC3156FlashBorrower.onFlashLoan");
    }

    function onAuctionTake(address, uint256, uint256 collateral, uint256, bytes calldata data) external {
        if (data.length == 32 && abi.decode(data, (bool))) {
            // Keep the collateral, pass it on, pay nothing.
            DevToken(engine.collateralType(engine.vault(targetVault).typeId).token).transfer(accomplice, collateral);
            return;
        }
        _run();
    }

    function onTokenTransfer(address, address, uint256) external {
        if (inside) return;
        inside = true;
        _run();
        inside = false;
    }

    function _run() internal {
        Move m = move;
        uint256 id = targetVault;
        if (m == Move.Take) engine.take(id, 1, type(uint256).max, address(this), "");
        else if (m == Move.StartAuction) engine.startAuction(id, address(this));
        else if (m == Move.ResetAuction) engine.resetAuction(id, address(this));
        else if (m == Move.Mint) engine.mint(id, 1e18, address(this));
        else if (m == Move.Withdraw) engine.withdraw(id, 1, address(this));
        else if (m == Move.Repay) engine.repay(id, type(uint256).max);
        else if (m == Move.Deposit) engine.deposit(id, 1);
        else if (m == Move.Close) engine.close(id, address(this));
        else if (m == Move.Open) engine.open(0, address(this), 0, 0, address(this));
        else if (m == Move.AbsorbSurplus) {
            kusd.transfer(address(engine), kusd.balanceOf(address(this)));
            engine.absorbSurplus();
        } else if (m == Move.ReadViews) {
            seenCollateral = engine.vault(id).collateral;
            seenLot = engine.auction(id).collateral;
        }
    }
}

/// @dev Swaps WETH for USDC at a fixed rate (it mints the USDC), standing in for a DEX.
contract FixedRateRouter is IUniswapV2Router {
    uint256 public immutable usdcPerEth; // USDC units per whole ETH

    constructor(uint256 usdcPerEth_) {
        usdcPerEth = usdcPerEth_;
    }

    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256,
        address[] calldata path,
        address to,
        uint256
    ) external returns (uint256[] memory amounts) {
        DevToken(path[0]).transferFrom(msg.sender, address(this), amountIn);
        amounts = new uint256[](2);
        amounts[0] = amountIn;
        amounts[1] = (amountIn * usdcPerEth) / 1e18;
        DevToken(path[1]).mint(to, amounts[1]);
    }
}

/// @notice R1 (Agave, Hundred, Rari Fuse 2022) and F1 (Prisma 2024) for the kUSD engine: a flash-mint
/// receiver, a take receiver and a callback collateral token each try to re-enter the engine before
/// its books are final, or to be paid for a callback they were never owed. The engine holds one
/// transient lock across every operation, a take is paid after its callback or not at all, a flash
/// mint must be returned, and Keel's own AuctionTaker only answers the engine, for its own takes.
contract R1F1CdpCallbacksAttack is CdpBaseTest {
    CdpReenterer internal attacker;
    address internal accomplice = makeAddr("accomplice");
    uint256 internal victim;

    function setUp() public override {
        super.setUp();
        attacker = new CdpReenterer(engine, kusd, accomplice);
        attacker.approveToken(address(weth));
        victim = openVault(alice, 10e18, 15_000e18);
        // The attacker owns a vault too; its kUSD sits with the accomplice.
        weth.mint(address(attacker), 20e18);
        attacker.openVault(ETH, 10e18, 10_000e18);
        setEthPrice(2000); // alice's vault (133%) is unsafe; the attacker's (200%) is not
        engine.startAuction(victim, keeper);
    }

    // ----- flash mint -----

    /// @dev Repay its own debt with flash-minted kUSD, then walk away with the collateral: the
    /// flash mint cannot be settled, so the whole transaction reverts.
    function test_Attack_FlashMintedRepayThenNoReturn() public {
        uint256 id = attacker.ownVault();
        Vault memory before = engine.vault(id);
        uint256 supplyBefore = kusd.totalSupply();
        attacker.setMove(CdpReenterer.Move.Close, id);
        // It approves the return but no longer holds the kUSD.
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, address(attacker), 0, 10_000e18)
        );
        attacker.flash(10_000e18, true);
        // Without even approving the return, it fails on the allowance.
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(kusd), 0, 10_000e18)
        );
        attacker.flash(10_000e18, false);

        assertEq(abi.encode(engine.vault(id)), abi.encode(before), "vault moved");
        assertEq(kusd.totalSupply(), supplyBefore);
        assertEq(weth.balanceOf(address(attacker)), 10e18);
        assertEq(booksImbalance(), 0);
    }

    /// @dev Flash-mint kUSD into the surplus buffer (it would then look solvent enough to pay keepers):
    /// the mint cannot be returned, so nothing is absorbed.
    function test_Attack_FlashMintIntoSurplusReverts() public {
        int256 surplusBefore = engine.surplusRad();
        attacker.setMove(CdpReenterer.Move.AbsorbSurplus, 0);
        vm.expectPartialRevert(IERC20Errors.ERC20InsufficientBalance.selector);
        attacker.flash(1_000_000e18, true);
        assertEq(engine.surplusRad(), surplusBefore);
        assertEq(booksImbalance(), 0);
    }

    /// @dev The engine holds no lock during someone else's flash mint, so a flash-minted repayment of a
    /// vault is allowed; it must still be paid back, which the attacker cannot do for free.
    function test_Attack_FlashMintReentersEngineButPaysInFull() public {
        uint256 id = attacker.ownVault();
        attacker.setMove(CdpReenterer.Move.Repay, id);
        vm.prank(accomplice);
        kusd.transfer(address(attacker), 10_000e18); // its own kUSD back, to settle the flash mint
        attacker.flash(10_000e18, true);
        assertEq(engine.vault(id).normalizedDebt, 0);
        assertEq(kusd.balanceOf(address(attacker)), 0, "the repayment cost exactly its own kUSD");
        assertEq(booksImbalance(), 0);
    }

    // ----- take callback -----

    function test_Attack_TakeCallbackReentryReverts() public {
        vm.prank(accomplice);
        kusd.transfer(address(attacker), 10_000e18);
        uint256 own = attacker.ownVault();
        CdpReenterer.Move[9] memory moves = [
            CdpReenterer.Move.Take,
            CdpReenterer.Move.StartAuction,
            CdpReenterer.Move.ResetAuction,
            CdpReenterer.Move.Mint,
            CdpReenterer.Move.Withdraw,
            CdpReenterer.Move.Repay,
            CdpReenterer.Move.Deposit,
            CdpReenterer.Move.Close,
            CdpReenterer.Move.Open
        ];
        Auction memory before = engine.auction(victim);
        for (uint256 i; i < moves.length; ++i) {
            uint256 target =
                moves[i] == CdpReenterer.Move.Take ||
                moves[i] == CdpReenterer.Move.ResetAuction ||
                moves[i] == CdpReenterer.Move.StartAuction
                    ? victim
                    : own;
            attacker.setMove(moves[i], target);
            vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
            attacker.take(victim, 1e18, abi.encode(uint256(1), uint256(2)));
        }
        assertEq(abi.encode(engine.auction(victim)), abi.encode(before));
        assertEq(weth.balanceOf(address(attacker)), 10e18);
        assertEq(booksImbalance(), 0);
    }

    /// @dev The receiver keeps the collateral and pays nothing: the burn after the callback fails, and
    /// with it the whole take, collateral transfer included.
    function test_Attack_TakeWithoutPayingReverts() public {
        attacker.setMove(CdpReenterer.Move.None, victim);
        uint256 price = 2400e18;
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, address(attacker), 0, price)
        );
        attacker.take(victim, 1e18, abi.encode(true));
        assertEq(weth.balanceOf(accomplice), 0);
        assertEq(engine.auction(victim).collateral, 10e18);
        assertEq(booksImbalance(), 0);
    }

    /// @dev R2: views read from a take callback show the auction already settled for this take.
    function test_Attack_ViewsAreSettledDuringTakeCallback() public {
        vm.prank(accomplice);
        kusd.transfer(address(attacker), 10_000e18);
        attacker.setMove(CdpReenterer.Move.ReadViews, victim);
        attacker.take(victim, 4e18, abi.encode(uint256(1), uint256(2))); // 9,600 kUSD of a 16,950 tab
        assertEq(attacker.seenLot(), 6e18);
        assertEq(engine.auction(victim).collateral, 6e18);
        assertEq(kusd.balanceOf(address(attacker)), 400e18);
    }

    // ----- Keel's own taker (F1) -----

    function test_Attack_AuctionTakerAnswersOnlyTheEngineForItsOwnTakes() public {
        FixedRateRouter router = new FixedRateRouter(2300e6);
        AuctionTaker bot = new AuctionTaker(engine, router, IPegStabilityModule(address(psm)));
        usdc.mint(address(bot), 1_000e6); // funds an attacker would like to drain
        address[] memory path = new address[](2);
        path[0] = address(weth);
        path[1] = address(usdc);
        bytes memory data = abi.encode(path);
        address thief = makeAddr("thief");

        // 1. A forged callback straight from the attacker.
        vm.prank(thief);
        vm.expectRevert(abi.encodeWithSelector(AuctionTaker.UntrustedEngine.selector, thief));
        bot.onAuctionTake(address(bot), victim, 1e18, 0, data);

        // 2. A real take by the attacker naming the bot as receiver, hoping the bot pays.
        vm.prank(thief);
        vm.expectRevert(abi.encodeWithSelector(AuctionTaker.UntrustedTaker.selector, thief));
        engine.take(victim, 1e18, type(uint256).max, address(bot), data);

        // 3. A callback from the engine's address naming the bot as taker, outside any take of the bot's.
        vm.prank(address(engine));
        vm.expectRevert(AuctionTaker.UnexpectedCallback.selector);
        bot.onAuctionTake(address(bot), victim, 1e18, 0, data);
        assertEq(usdc.balanceOf(address(bot)), 1_000e6);

        // 4. kUSD sent to the bot (by anyone) is neither the next caller's profit nor a subsidy for a
        //    take: a sweep of it ahead of a keeper's take has nothing to take.
        vm.prank(alice);
        kusd.transfer(address(bot), 500e18);

        // Its own take works, with no capital: it sells the collateral and pays the caller the profit.
        // (Its stray USDC and kUSD stay put: only the proceeds of the sale are swapped and paid.)
        skip(3 minutes); // price 2400 × 2^(−0.3) ≈ 1949, below the router's 2300
        (uint256 price, ) = engine.auctionPrice(victim);
        uint256 tab = engine.auction(victim).tab;
        vm.prank(keeper);
        uint256 profit = bot.takeAndSell(victim, 10e18, price, path, 0);
        uint256 bought = (tab * 1e18) / price;
        assertEq(profit, ((bought * 2300e6) / 1e18) * 1e12 - tab);
        assertEq(engine.auction(victim).tab, 0);
        assertEq(usdc.balanceOf(address(bot)), 1_000e6);
        assertEq(kusd.balanceOf(address(bot)), 500e18);
        assertEq(booksImbalance(), 0);
    }

    /// @dev A sale that raises less than the price is not topped up from kUSD lying in the taker (sent
    /// by anyone, to have a keeper's take pay for a bad sale): the take reverts, and that kUSD stays.
    function test_Attack_AuctionTakerStrayKusdDoesNotPayForAShortSale() public {
        FixedRateRouter router = new FixedRateRouter(1000e6); // far below the auction's price
        AuctionTaker bot = new AuctionTaker(engine, router, IPegStabilityModule(address(psm)));
        vm.prank(alice);
        kusd.transfer(address(bot), 5_000e18);
        address[] memory path = new address[](2);
        path[0] = address(weth);
        path[1] = address(usdc);
        (uint256 price, ) = engine.auctionPrice(victim);
        vm.prank(keeper);
        vm.expectPartialRevert(AuctionTaker.InsufficientProfit.selector);
        bot.takeAndSell(victim, 1e18, price, path, 0);
        assertEq(kusd.balanceOf(address(bot)), 5_000e18);
        assertEq(booksImbalance(), 0);
    }

    // ----- callback collateral token (R1) -----

    function test_Attack_HookTokenReentryFromTransferReverts() public {
        HookToken hook = new HookToken();
        DevPriceFeed feed = new DevPriceFeed(8, "HOOK / USD", 10e8);
        CollateralParams memory p = defaultParams(adapter(feed, 18));
        uint256 hookType = engine.addCollateralType(address(hook), p);
        hook.mint(address(attacker), 10_000e18);
        attacker.approveToken(address(hook));
        attacker.openVault(hookType, 5_000e18, 20_000e18); // 50,000 USD of HOOK, 250%
        uint256 id = attacker.ownVault();
        attacker.registerHook(hook);

        CdpReenterer.Move[7] memory moves = [
            CdpReenterer.Move.Withdraw,
            CdpReenterer.Move.Mint,
            CdpReenterer.Move.Close,
            CdpReenterer.Move.Deposit,
            CdpReenterer.Move.StartAuction,
            CdpReenterer.Move.Take,
            CdpReenterer.Move.Open
        ];
        Vault memory before = engine.vault(id);
        for (uint256 i; i < moves.length; ++i) {
            uint256 target =
                moves[i] == CdpReenterer.Move.StartAuction || moves[i] == CdpReenterer.Move.Take ? victim : id;
            attacker.setMove(moves[i], target);
            // The hook fires on the way out (withdraw) and on the way in (deposit).
            vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
            attacker.withdraw(1_000e18);
            vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
            attacker.deposit(1_000e18);
        }
        assertEq(abi.encode(engine.vault(id)), abi.encode(before));
        assertEq(hook.balanceOf(address(attacker)), 5_000e18);
        assertEq(hook.balanceOf(address(engine)), 5_000e18);

        // R2: a view read from the hook of a withdrawal already shows the withdrawal.
        attacker.setMove(CdpReenterer.Move.ReadViews, id);
        attacker.withdraw(1_000e18);
        assertEq(attacker.seenCollateral(), 4_000e18);
        assertEq(booksImbalance(), 0);
    }
}
