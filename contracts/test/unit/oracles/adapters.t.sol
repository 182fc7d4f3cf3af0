// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {DevPriceFeed} from "../../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../../src/devnet/DevToken.sol";
import {IAggregatorV3} from "../../../src/interfaces/IAggregatorV3.sol";
import {IOracleErrors} from "../../../src/interfaces/IOracleErrors.sol";
import {IPriceOracle} from "../../../src/interfaces/IPriceOracle.sol";
import {ChainlinkAdapter} from "../../../src/oracles/ChainlinkAdapter.sol";
import {Erc4626Adapter} from "../../../src/oracles/Erc4626Adapter.sol";
import {PeggedStableAdapter} from "../../../src/oracles/PeggedStableAdapter.sol";
import {TwoSourceAdapter} from "../../../src/oracles/TwoSourceAdapter.sol";

contract Vault is ERC4626 {
    constructor(IERC20 asset_) ERC4626(asset_) ERC20("Vault", "vUSDC") {}
}

contract OracleAdaptersTest is Test {
    DevPriceFeed internal feed;
    DevPriceFeed internal sequencer;
    ChainlinkAdapter internal eth;

    function setUp() public {
        vm.warp(1_700_000_000);
        feed = new DevPriceFeed(8, "ETH / USD", 3000e8);
        eth = new ChainlinkAdapter(
            IAggregatorV3(address(feed)),
            18,
            1 hours,
            10e8,
            100_000e8,
            IAggregatorV3(address(0)),
            0
        );
    }

    function test_Chainlink_ScalesToKeelUnits() public view {
        assertEq(eth.price(), 3000e18);
    }

    function test_Chainlink_SixDecimalToken() public {
        DevPriceFeed usd = new DevPriceFeed(8, "USDC / USD", 1e8);
        ChainlinkAdapter a = new ChainlinkAdapter(
            IAggregatorV3(address(usd)),
            6,
            1 hours,
            0,
            2e8,
            IAggregatorV3(address(0)),
            0
        );
        assertEq(a.price(), 1e30);
    }

    function test_Chainlink_RevertWhen_NonPositive() public {
        feed.setAnswer(0);
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.NonPositivePrice.selector, int256(0)));
        eth.price();
        feed.setAnswer(-5);
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.NonPositivePrice.selector, int256(-5)));
        eth.price();
    }

    function test_Chainlink_RevertWhen_AtBounds() public {
        feed.setAnswer(10e8);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOracleErrors.PriceOutOfBounds.selector,
                int256(10e8),
                int256(10e8),
                int256(100_000e8)
            )
        );
        eth.price();
        feed.setAnswer(100_000e8);
        vm.expectPartialRevert(IOracleErrors.PriceOutOfBounds.selector);
        eth.price();
    }

    function test_Chainlink_RevertWhen_Stale() public {
        vm.warp(block.timestamp + 1 hours + 1);
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.StalePrice.selector, 1_700_000_000, 1 hours));
        eth.price();
    }

    function test_Chainlink_SequencerDownAndGracePeriod() public {
        sequencer = new DevPriceFeed(0, "sequencer", 0);
        ChainlinkAdapter l2 = new ChainlinkAdapter(
            IAggregatorV3(address(feed)),
            18,
            1 hours,
            1,
            1e20,
            IAggregatorV3(address(sequencer)),
            1 hours
        );
        sequencer.setRound(1, block.timestamp, block.timestamp);
        vm.expectRevert(IOracleErrors.SequencerDown.selector);
        l2.price();
        sequencer.setRound(0, block.timestamp - 10 minutes, block.timestamp);
        vm.expectPartialRevert(IOracleErrors.SequencerGracePeriod.selector);
        l2.price();
        sequencer.setRound(0, block.timestamp - 2 hours, block.timestamp);
        assertEq(l2.price(), 3000e18);
    }

    function test_Chainlink_RevertWhen_BadConstructorArgs() public {
        vm.expectRevert(IOracleErrors.InvalidOracleParameter.selector);
        new ChainlinkAdapter(IAggregatorV3(address(feed)), 18, 0, 1, 2, IAggregatorV3(address(0)), 0);
        vm.expectRevert(IOracleErrors.InvalidOracleParameter.selector);
        new ChainlinkAdapter(IAggregatorV3(address(feed)), 18, 1, 5, 5, IAggregatorV3(address(0)), 0);
    }

    function test_Pegged_PegInsideBandMarketOutside() public {
        DevPriceFeed usd = new DevPriceFeed(8, "USDC / USD", 0.995e8);
        ChainlinkAdapter source = new ChainlinkAdapter(
            IAggregatorV3(address(usd)),
            6,
            1 hours,
            0,
            2e8,
            IAggregatorV3(address(0)),
            0
        );
        PeggedStableAdapter pegged = new PeggedStableAdapter(IPriceOracle(address(source)), 1e30, 0.01e18);
        assertEq(pegged.price(), 1e30, "0.5% off: treated as pegged");
        usd.setAnswer(0.9e8);
        assertEq(pegged.price(), 0.9e30, "10% off: the depeg is seen");
        usd.setAnswer(1.02e8);
        assertEq(pegged.price(), 1.02e30);
    }

    function test_TwoSource_AgreeOrRevert() public {
        DevPriceFeed other = new DevPriceFeed(8, "ETH / USD 2", 3010e8);
        ChainlinkAdapter second = new ChainlinkAdapter(
            IAggregatorV3(address(other)),
            18,
            1 hours,
            1,
            1e20,
            IAggregatorV3(address(0)),
            0
        );
        TwoSourceAdapter both = new TwoSourceAdapter(
            IPriceOracle(address(eth)),
            IPriceOracle(address(second)),
            0.01e18
        );
        assertEq(both.price(), 3000e18);
        other.setAnswer(3100e8);
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.PriceSourcesDisagree.selector, 3000e18, 3100e18));
        both.price();
    }

    function test_Erc4626_DonationCannotLiftPriceBeyondCap() public {
        DevToken usdc = new DevToken("USD Coin", "USDC", 6);
        Vault vault = new Vault(IERC20(address(usdc)));
        usdc.mint(address(this), 1000e6);
        usdc.approve(address(vault), 1000e6);
        vault.deposit(1000e6, address(this));
        DevPriceFeed usd = new DevPriceFeed(8, "USDC / USD", 1e8);
        ChainlinkAdapter usdOracle = new ChainlinkAdapter(
            IAggregatorV3(address(usd)),
            6,
            365 days,
            0,
            2e8,
            IAggregatorV3(address(0)),
            0
        );
        Erc4626Adapter shares = new Erc4626Adapter(vault, IPriceOracle(address(usdOracle)), 0.1e18); // ≤ 10% a year
        uint256 before = shares.price();
        usdc.mint(address(vault), 1000e6); // a donation doubles the share price
        assertEq(shares.price(), before, "no growth allowed yet");
        vm.warp(block.timestamp + 365 days);
        usd.setAnswer(1e8);
        assertApproxEqRel(shares.price(), (before * 11) / 10, 1e6, "at most +10% after a year");
    }
}
