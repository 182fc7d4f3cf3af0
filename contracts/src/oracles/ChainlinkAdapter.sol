// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IAggregatorV3} from "../interfaces/IAggregatorV3.sol";
import {IOracleErrors} from "../interfaces/IOracleErrors.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";

/// @title ChainlinkAdapter
/// @notice Prices a token from a Chainlink AggregatorV3 feed quoted in USD.
/// @dev Units: the feed answers USD per whole token with `feedDecimals` decimals. Keel's scale is
/// value(WAD USD) = amount × price / 1e18 with amount in token units (10^assetDecimals per token), so
/// price = answer × 10^(36 − assetDecimals − feedDecimals). Example: ETH/USD 8 decimals, WETH 18
/// decimals: 3000e8 × 10^10 = 3000e18.
/// Rejects, with a typed error: an answer ≤ 0; an answer at or beyond [minAnswer, maxAnswer]
/// (aggregators clamp at their bounds in a crash, so a bound is not a price); an update older
/// than maxAge; and, on an L2 with a sequencer feed, a sequencer that is down or has been up for
/// less than the grace period.
contract ChainlinkAdapter is IPriceOracle, IOracleErrors {
    IAggregatorV3 public immutable feed;
    IAggregatorV3 public immutable sequencerFeed; // zero on L1
    uint256 public immutable maxAge;
    uint256 public immutable gracePeriod;
    int256 public immutable minAnswer;
    int256 public immutable maxAnswer;
    uint256 internal immutable scaleUp; // 10^(36 − assetDecimals − feedDecimals) when non-negative, else 1
    uint256 internal immutable scaleDown; // 10^(assetDecimals + feedDecimals − 36) when positive, else 1

    constructor(
        IAggregatorV3 feed_,
        uint8 assetDecimals,
        uint256 maxAge_,
        int256 minAnswer_,
        int256 maxAnswer_,
        IAggregatorV3 sequencerFeed_,
        uint256 gracePeriod_
    ) {
        require(address(feed_) != address(0) && maxAge_ != 0, InvalidOracleParameter());
        require(minAnswer_ >= 0 && maxAnswer_ > minAnswer_, InvalidOracleParameter());
        feed = feed_;
        sequencerFeed = sequencerFeed_;
        maxAge = maxAge_;
        gracePeriod = gracePeriod_;
        minAnswer = minAnswer_;
        maxAnswer = maxAnswer_;
        uint256 decimalsSum = uint256(assetDecimals) + feed_.decimals();
        scaleUp = decimalsSum <= 36 ? 10 ** (36 - decimalsSum) : 1;
        scaleDown = decimalsSum > 36 ? 10 ** (decimalsSum - 36) : 1;
    }

    /// @inheritdoc IPriceOracle
    function price() external view returns (uint256) {
        if (address(sequencerFeed) != address(0)) _checkSequencer();
        (uint256 scaled, uint256 updatedAt) = _latest();
        require(block.timestamp - updatedAt <= maxAge, StalePrice(updatedAt, maxAge));
        return scaled;
    }

    /// @inheritdoc IPriceOracle
    function lastPrice() external view returns (uint256 scaled) {
        (scaled, ) = _latest();
    }

    /// @dev The feed's latest answer at Keel's scale, refused when it is not a price.
    function _latest() internal view returns (uint256 scaled, uint256 updatedAt) {
        int256 answer;
        (, answer, , updatedAt, ) = feed.latestRoundData();
        require(answer > 0, NonPositivePrice(answer));
        require(answer > minAnswer && answer < maxAnswer, PriceOutOfBounds(answer, minAnswer, maxAnswer));
        scaled = (uint256(answer) * scaleUp) / scaleDown;
        require(scaled != 0, InvalidPrice());
    }

    /// @dev Chainlink's sequencer-uptime feed answers 0 when up and 1 when down; startedAt is when
    /// that status began.
    function _checkSequencer() internal view {
        (, int256 status, uint256 startedAt, , ) = sequencerFeed.latestRoundData();
        require(status == 0, SequencerDown());
        require(block.timestamp - startedAt > gracePeriod, SequencerGracePeriod(startedAt, gracePeriod));
    }
}
