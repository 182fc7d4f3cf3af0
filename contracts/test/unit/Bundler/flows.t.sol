// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IBundler} from "../../../src/interfaces/IBundler.sol";
import {BundlerBaseTest} from "../../utils/BundlerBaseTest.sol";

/// @dev Every flow the bundler exists for, on the real pool, engine, peg module and adapter: each ends with
/// the position the user asked for, the tokens back in the user's wallet and nothing left in the bundler.
contract BundlerFlowsTest is BundlerBaseTest {
    function test_BorrowAndSwap() public {
        openLoan(alice, 10e18, 0);
        uint256 expected = router.quote(6_000e6, address(usdc), address(dai));

        run(
            alice,
            steps4(
                abi.encodeCall(IBundler.poolBorrow, (P, R_USDC, 6_000e6, 0, alice, address(bundler))),
                swapStep(address(usdc), address(dai), type(uint256).max, (expected * 995) / 1000),
                abi.encodeCall(IBundler.sweep, (address(dai), expected)),
                abi.encodeCall(IBundler.requireHealthFactor, (P, alice, 1.5e18))
            )
        );

        assertEq(dai.balanceOf(alice), expected, "alice holds the DAI bought");
        assertEq(debtIn(alice, R_USDC), 6_000e6, "alice owes what she borrowed");
        assertBundlerEmpty();
    }

    function test_LeverageUp() public {
        weth.mint(alice, 10e18);
        uint256 flash = 15_000e6;
        uint256 owed = flash + pool.flashFee(address(usdc), flash);
        uint256 bought = router.quote(flash, address(usdc), address(weth));
        bytes[] memory inner = steps3(
            swapStep(address(usdc), address(weth), type(uint256).max, (bought * 995) / 1000),
            abi.encodeCall(IBundler.poolSupplyCollateral, (P, R_WETH, type(uint256).max, alice)),
            abi.encodeCall(IBundler.poolBorrow, (P, R_USDC, owed, 0, alice, address(bundler)))
        );

        run(
            alice,
            steps4(
                abi.encodeCall(IBundler.pull, (address(weth), 10e18)),
                abi.encodeCall(IBundler.poolSupplyCollateral, (P, R_WETH, type(uint256).max, alice)),
                abi.encodeCall(IBundler.poolFlashLoan, (address(usdc), flash, inner)),
                abi.encodeCall(IBundler.requireHealthFactor, (P, alice, 1.3e18))
            )
        );

        assertEq(collateralIn(alice, R_WETH), 10e18 + bought, "wallet and bought WETH are collateral");
        assertEq(debtIn(alice, R_USDC), owed, "debt is the loan and its fee");
        assertEq(weth.balanceOf(alice), 0, "all WETH went in");
        assertBundlerEmpty();
    }

    function test_LeverageDown() public {
        openLoan(alice, 10e18, 15_000e6);
        uint256 flash = 6_000e6;
        uint256 owed = flash + pool.flashFee(address(usdc), flash);
        uint256 sold = quoteIn(owed, address(weth), address(usdc));
        bytes[] memory inner = steps3(
            abi.encodeCall(IBundler.poolRepay, (P, R_USDC, flash, 0, alice)),
            abi.encodeCall(IBundler.poolWithdrawCollateral, (P, R_WETH, sold, alice, address(bundler))),
            swapStep(address(weth), address(usdc), type(uint256).max, owed)
        );

        run(
            alice,
            steps4(
                abi.encodeCall(IBundler.poolFlashLoan, (address(usdc), flash, inner)),
                abi.encodeCall(IBundler.poolRepay, (P, R_USDC, type(uint256).max, 0, alice)),
                abi.encodeCall(IBundler.requireDebtAtMost, (P, R_USDC, alice, 9_000e6)),
                abi.encodeCall(IBundler.requireHealthFactor, (P, alice, 2.2e18))
            )
        );

        assertEq(collateralIn(alice, R_WETH), 10e18 - sold, "only the WETH sold left the position");
        assertLe(debtIn(alice, R_USDC), 9_000e6, "the loan and the sale's surplus repaid debt");
        assertEq(usdc.balanceOf(alice), 15_000e6, "the wallet is untouched");
        assertBundlerEmpty();
    }

    function test_CollateralSwap() public {
        openLoan(alice, 10e18, 15_000e6);
        // The debt is flash-repaid to free the WETH, and borrowed again against the WBTC bought with it.
        uint256 flash = debtIn(alice, R_USDC);
        uint256 owed = flash + pool.flashFee(address(usdc), flash);
        uint256 bought = router.quote(10e18, address(weth), address(wbtc));
        bytes[] memory inner = new bytes[](5);
        inner[0] = abi.encodeCall(IBundler.poolRepay, (P, R_USDC, 0, type(uint256).max, alice));
        inner[1] = abi.encodeCall(
            IBundler.poolWithdrawCollateral,
            (P, R_WETH, type(uint256).max, alice, address(bundler))
        );
        inner[2] = swapStep(address(weth), address(wbtc), type(uint256).max, bought);
        inner[3] = abi.encodeCall(IBundler.poolSupplyCollateral, (P, R_WBTC, type(uint256).max, alice));
        inner[4] = abi.encodeCall(IBundler.poolBorrow, (P, R_USDC, owed, 0, alice, address(bundler)));

        run(
            alice,
            steps2(
                abi.encodeCall(IBundler.poolFlashLoan, (address(usdc), flash, inner)),
                abi.encodeCall(IBundler.requireHealthFactor, (P, alice, 1.6e18))
            )
        );

        assertEq(collateralIn(alice, R_WETH), 0, "no WETH collateral left");
        assertEq(collateralIn(alice, R_WBTC), bought, "the WBTC bought is collateral");
        assertEq(debtIn(alice, R_USDC), owed, "the debt grew by the flash fee alone");
        assertBundlerEmpty();
    }

    function test_DebtSwap() public {
        openLoan(alice, 10e18, 15_000e6);
        uint256 debt = debtIn(alice, R_USDC);
        uint256 flash = debt;
        uint256 owed = flash + pool.flashFee(address(usdc), flash);
        uint256 daiDebt = quoteIn(owed, address(dai), address(usdc));
        bytes[] memory inner = steps3(
            abi.encodeCall(IBundler.poolRepay, (P, R_USDC, 0, type(uint256).max, alice)),
            abi.encodeCall(IBundler.poolBorrow, (P, R_DAI, daiDebt, 0, alice, address(bundler))),
            swapStep(address(dai), address(usdc), type(uint256).max, owed)
        );

        run(
            alice,
            steps3(
                abi.encodeCall(IBundler.poolFlashLoan, (address(usdc), flash, inner)),
                abi.encodeCall(IBundler.requireDebtAtMost, (P, R_USDC, alice, 0)),
                abi.encodeCall(IBundler.requireHealthFactor, (P, alice, 1.6e18))
            )
        );

        assertEq(pool.position(P, alice, R_USDC).debtShares, 0, "the USDC debt is gone");
        assertEq(debtIn(alice, R_DAI), daiDebt, "the DAI debt replaced it");
        assertBundlerEmpty();
    }

    function test_RepayWithCollateral() public {
        openLoan(alice, 10e18, 15_000e6);
        uint256 sold = 1e18;
        uint256 proceeds = router.quote(sold, address(weth), address(usdc));

        run(
            alice,
            steps4(
                abi.encodeCall(IBundler.poolWithdrawCollateral, (P, R_WETH, sold, alice, address(bundler))),
                swapStep(address(weth), address(usdc), type(uint256).max, proceeds),
                abi.encodeCall(IBundler.poolRepay, (P, R_USDC, type(uint256).max, 0, alice)),
                abi.encodeCall(IBundler.requireDebtAtMost, (P, R_USDC, alice, 15_000e6 - proceeds + 1))
            )
        );

        assertEq(collateralIn(alice, R_WETH), 9e18, "one WETH sold");
        assertApproxEqAbs(debtIn(alice, R_USDC), 15_000e6 - proceeds, 1, "the proceeds repaid debt");
        assertBundlerEmpty();
    }

    function test_ClosePosition() public {
        openLoan(alice, 10e18, 15_000e6);
        uint256 flash = debtIn(alice, R_USDC);
        uint256 owed = flash + pool.flashFee(address(usdc), flash);
        uint256 sold = quoteIn(owed, address(weth), address(usdc));
        bytes[] memory inner = steps3(
            abi.encodeCall(IBundler.poolRepay, (P, R_USDC, 0, type(uint256).max, alice)),
            abi.encodeCall(IBundler.poolWithdrawCollateral, (P, R_WETH, type(uint256).max, alice, address(bundler))),
            swapStep(address(weth), address(usdc), sold, owed)
        );

        run(
            alice,
            steps3(
                abi.encodeCall(IBundler.poolFlashLoan, (address(usdc), flash, inner)),
                abi.encodeCall(IBundler.requireDebtAtMost, (P, R_USDC, alice, 0)),
                abi.encodeCall(IBundler.sweep, (address(weth), 10e18 - sold))
            )
        );

        assertEq(collateralIn(alice, R_WETH), 0, "no collateral left");
        assertEq(pool.position(P, alice, R_USDC).debtShares, 0, "no debt left");
        assertEq(weth.balanceOf(alice), 10e18 - sold, "the WETH not sold came back");
        assertBundlerEmpty();
    }

    function test_OpenLeveragedVault() public {
        weth.mint(alice, 10e18);
        uint256 flash = 15_000e18;
        uint256 owed = flash + kusd.flashFee(address(kusd), flash);
        uint256 bought = router.quote(flash, address(kusd), address(weth));
        bytes[] memory inner = steps2(
            swapStep(address(kusd), address(weth), type(uint256).max, (bought * 995) / 1000),
            abi.encodeCall(IBundler.cdpOpen, (ETH_TYPE, type(uint256).max, owed, address(bundler)))
        );

        run(
            alice,
            steps3(
                abi.encodeCall(IBundler.pull, (address(weth), 10e18)),
                abi.encodeCall(IBundler.kusdFlashMint, (flash, inner)),
                abi.encodeCall(IBundler.requireVaultRatio, (0, 2.5e18))
            )
        );

        uint256 vaultId = engine.vaultCount();
        assertEq(engine.vault(vaultId).owner, alice, "alice owns the vault");
        assertEq(engine.vault(vaultId).collateral, 10e18 + bought, "wallet and bought WETH are collateral");
        assertEq(engine.debtOf(vaultId), owed, "the vault owes the flash mint and its fee");
        assertEq(kusd.balanceOf(treasury), owed - flash, "the flash fee reached its recipient");
        assertBundlerEmpty();
    }

    function test_RepayVaultThroughPegModule() public {
        weth.mint(alice, 10e18);
        vm.prank(alice);
        weth.approve(address(engine), 10e18);
        vm.prank(alice);
        uint256 vaultId = engine.open(ETH_TYPE, alice, 10e18, 8_000e18, alice);
        usdc.mint(alice, 5_000e6);
        uint256 kusdOut = 5_000e18 - (5_000e18 * 10) / 10_000;

        run(
            alice,
            steps3(
                abi.encodeCall(IBundler.pull, (address(usdc), 5_000e6)),
                abi.encodeCall(IBundler.psmSellGem, (type(uint256).max)),
                abi.encodeCall(IBundler.cdpRepay, (vaultId, type(uint256).max))
            )
        );

        assertApproxEqAbs(engine.debtOf(vaultId), 8_000e18 - kusdOut, 1, "the USDC repaid its kUSD worth");
        assertEq(usdc.balanceOf(alice), 0, "all USDC went in");
        assertBundlerEmpty();
    }

    function test_CloseVaultThroughPegModule() public {
        weth.mint(alice, 10e18);
        vm.prank(alice);
        weth.approve(address(engine), 10e18);
        vm.prank(alice);
        uint256 vaultId = engine.open(ETH_TYPE, alice, 10e18, 8_000e18, alice);
        vm.prank(alice);
        kusd.transfer(address(0xdead), 8_000e18);
        usdc.mint(alice, 8_100e6);

        run(
            alice,
            steps3(
                abi.encodeCall(IBundler.pull, (address(usdc), 8_100e6)),
                abi.encodeCall(IBundler.psmSellGem, (type(uint256).max)),
                abi.encodeCall(IBundler.cdpClose, (vaultId, alice))
            )
        );

        assertEq(engine.debtOf(vaultId), 0, "the vault owes nothing");
        assertEq(weth.balanceOf(alice), 10e18, "the collateral came back");
        assertGt(kusd.balanceOf(alice), 0, "the kUSD left over came back");
        assertBundlerEmpty();
    }
}
