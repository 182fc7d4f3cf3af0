// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {ExpLib} from "../../../src/libraries/ExpLib.sol";
import {MathLib} from "../../../src/libraries/MathLib.sol";
import {SharesMathLib} from "../../../src/libraries/SharesMathLib.sol";

contract MathLibrariesTest is Test {
    function testFuzz_MulDiv_UpIsDownOrOneMore(uint256 x, uint256 y, uint256 d) public pure {
        x = bound(x, 0, type(uint128).max);
        y = bound(y, 0, type(uint128).max);
        d = bound(d, 1, type(uint256).max);
        // the product must fit; callers never multiply beyond 2^256
        uint256 down = MathLib.mulDivDown(x, y, d);
        uint256 up = MathLib.mulDivUp(x, y, d);
        assertTrue(up == down || up == down + 1);
        assertEq(up == down, (x * y) % d == 0);
    }

    function testFuzz_Shares_RoundTripNeverGains(uint256 assets, uint256 totalAssets, uint256 totalShares) public pure {
        totalAssets = bound(totalAssets, 0, 1e30);
        totalShares = bound(totalShares, 0, 1e36);
        assets = bound(assets, 0, 1e30);
        uint256 shares = SharesMathLib.toSharesDown(assets, totalAssets, totalShares);
        assertLe(SharesMathLib.toAssetsDown(shares, totalAssets, totalShares), assets, "supply then withdraw");
        uint256 debtShares = SharesMathLib.toSharesUp(assets, totalAssets, totalShares);
        assertGe(SharesMathLib.toAssetsUp(debtShares, totalAssets, totalShares), assets, "borrow then repay");
    }

    function test_Taylor_CloseToExpForModerateRates() public pure {
        // 10% a year for a year: e^0.1 − 1 = 0.105170918…; three terms give 0.105166…
        uint256 r = uint256(0.1e18) / 365 days;
        uint256 growth = MathLib.wTaylorCompounded(r, 365 days);
        assertApproxEqRel(growth, 0.105170918e18, 0.0001e18);
        assertLe(growth, 0.105170918e18);
    }

    function test_Exp_KnownValues() public pure {
        assertApproxEqRel(ExpLib.wExp(0), 1e18, 0);
        assertApproxEqRel(ExpLib.wExp(1e18), 2.718281828459045235e18, 1e8);
        assertApproxEqRel(ExpLib.wExp(-1e18), 0.367879441171442321e18, 1e8);
        assertApproxEqRel(ExpLib.wExp(10e18), 22026.465794806716516e18, 1e8);
        assertEq(ExpLib.wExp(-50e18), 0);
    }

    function testFuzz_Exp_Monotonic(int256 a, int256 b) public pure {
        a = bound(a, -41e18, 100e18);
        b = bound(b, a, 100e18);
        assertLe(ExpLib.wExp(a), ExpLib.wExp(b));
    }
}
