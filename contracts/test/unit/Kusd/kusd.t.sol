// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {ERC20FlashMint} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20FlashMint.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Test} from "forge-std/Test.sol";
import {Kusd} from "../../../src/cdp/Kusd.sol";
import {IKusd} from "../../../src/interfaces/IKusd.sol";
import {KusdFlashBorrower} from "../../utils/KusdFlashBorrower.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract KusdTest is Test {
    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );
    uint256 internal constant CAP = 1_000_000e18;

    Kusd internal kusd;
    KusdFlashBorrower internal borrower;
    address internal minter = makeAddr("minter");
    address internal alice = makeAddr("alice");
    address internal treasury = makeAddr("treasury");
    address internal holder;
    uint256 internal holderKey;

    function setUp() public {
        kusd = new Kusd(address(this), CAP);
        kusd.setMinter(minter, true);
        borrower = new KusdFlashBorrower();
        (holder, holderKey) = makeAddrAndKey("holder");
    }

    function mintTo(address to, uint256 amount) internal {
        vm.prank(minter);
        kusd.mint(to, amount);
    }

    function lender() internal view returns (IERC3156FlashLender) {
        return IERC3156FlashLender(address(kusd));
    }

    // ----- token and minters -----

    function test_Kusd_Metadata() public view {
        assertEq(kusd.name(), "Keel USD");
        assertEq(kusd.symbol(), "kUSD");
        assertEq(kusd.decimals(), 18);
        assertEq(kusd.owner(), address(this));
        assertEq(kusd.flashMintCap(), CAP);
        assertEq(kusd.flashFeeBps(), 0);
        assertEq(kusd.flashFeeRecipient(), address(0));
        assertEq(kusd.MAX_FLASH_FEE_BPS(), 100);
    }

    function test_SetMinter_GrantsAndRevokes() public {
        vm.expectEmit(address(kusd));
        emit IKusd.SetMinter(alice, true);
        kusd.setMinter(alice, true);
        assertTrue(kusd.isMinter(alice));
        vm.prank(alice);
        kusd.mint(alice, 1e18);
        assertEq(kusd.balanceOf(alice), 1e18);

        kusd.setMinter(alice, false);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKusd.NotMinter.selector, alice));
        kusd.mint(alice, 1e18);
    }

    function test_SetMinter_RevertWhen_NotOwner() public {
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, minter));
        kusd.setMinter(alice, true);
    }

    function test_Mint_RevertWhen_NotMinter() public {
        vm.expectRevert(abi.encodeWithSelector(IKusd.NotMinter.selector, address(this)));
        kusd.mint(address(this), 1e18); // the owner chooses minters but cannot mint
    }

    function test_Burn_NeedsNoAllowance() public {
        mintTo(alice, 5e18);
        vm.prank(minter);
        kusd.burn(alice, 2e18);
        assertEq(kusd.balanceOf(alice), 3e18);
        assertEq(kusd.totalSupply(), 3e18);
    }

    function test_Burn_RevertWhen_NotMinter() public {
        mintTo(alice, 5e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKusd.NotMinter.selector, alice));
        kusd.burn(alice, 1e18);
    }

    function test_Burn_RevertWhen_MoreThanTheBalance() public {
        mintTo(alice, 5e18);
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 5e18, 5e18 + 1));
        kusd.burn(alice, 5e18 + 1);
    }

    // ----- permit (EIP-2612) -----

    function permitDigest(
        address owner,
        address spender,
        uint256 value,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes32) {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonce, deadline));
        return keccak256(abi.encodePacked("\x19\x01", kusd.DOMAIN_SEPARATOR(), structHash));
    }

    function test_Permit_DomainSeparator() public view {
        bytes32 expected = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Keel USD"),
                keccak256("1"),
                block.chainid,
                address(kusd)
            )
        );
        assertEq(kusd.DOMAIN_SEPARATOR(), expected);
    }

    function test_Permit_SetsAllowance() public {
        mintTo(holder, 10e18);
        uint256 deadline = vm.getBlockTimestamp() + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, permitDigest(holder, alice, 4e18, 0, deadline));
        kusd.permit(holder, alice, 4e18, deadline, v, r, s);
        assertEq(kusd.allowance(holder, alice), 4e18);
        assertEq(kusd.nonces(holder), 1);
        vm.prank(alice);
        kusd.transferFrom(holder, alice, 4e18);
        assertEq(kusd.balanceOf(alice), 4e18);
    }

    function test_Permit_RevertWhen_Expired() public {
        uint256 deadline = vm.getBlockTimestamp() + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, permitDigest(holder, alice, 4e18, 0, deadline));
        skip(1 hours + 1);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        kusd.permit(holder, alice, 4e18, deadline, v, r, s);
    }

    function test_Permit_RevertWhen_WrongSigner() public {
        (address other, uint256 otherKey) = makeAddrAndKey("other");
        uint256 deadline = vm.getBlockTimestamp() + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(otherKey, permitDigest(holder, alice, 4e18, 0, deadline));
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, other, holder));
        kusd.permit(holder, alice, 4e18, deadline, v, r, s);
    }

    function test_Permit_RevertWhen_Replayed() public {
        uint256 deadline = vm.getBlockTimestamp() + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, permitDigest(holder, alice, 4e18, 0, deadline));
        kusd.permit(holder, alice, 4e18, deadline, v, r, s);
        // Against nonce 1, the same signature recovers some other address.
        address recovered = ecrecover(permitDigest(holder, alice, 4e18, 1, deadline), v, r, s);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, recovered, holder));
        kusd.permit(holder, alice, 4e18, deadline, v, r, s);
    }

    // ----- flash mint -----

    function test_FlashLoan_NoFeeByDefault() public {
        assertEq(kusd.flashFee(address(kusd), 1_000e18), 0);
        borrower.borrow(lender(), 1_000e18);
        assertEq(borrower.balanceDuringLoan(), 1_000e18);
        assertEq(borrower.feeSeen(), 0);
        assertEq(borrower.initiatorSeen(), address(borrower));
        assertEq(kusd.balanceOf(address(borrower)), 0);
        assertEq(kusd.totalSupply(), 0, "minted and burned back");
    }

    function test_FlashFee_RoundsUp() public {
        kusd.setFlashParams(1, CAP, treasury);
        assertEq(kusd.flashFee(address(kusd), 0), 0);
        assertEq(kusd.flashFee(address(kusd), 1), 1);
        assertEq(kusd.flashFee(address(kusd), 10_000), 1);
        assertEq(kusd.flashFee(address(kusd), 10_001), 2);
    }

    function test_FlashLoan_FeeGoesToTheRecipient() public {
        kusd.setFlashParams(10, CAP, treasury);
        mintTo(address(borrower), 100e18);
        borrower.borrow(lender(), 100_000e18);
        assertEq(borrower.feeSeen(), 100e18);
        assertEq(kusd.balanceOf(treasury), 100e18);
        assertEq(kusd.balanceOf(address(borrower)), 0);
        assertEq(kusd.totalSupply(), 100e18, "the fee moves, nothing is created");
    }

    function test_FlashLoan_UpToTheCap() public {
        assertEq(kusd.maxFlashLoan(address(kusd)), CAP);
        borrower.borrow(lender(), CAP);
        vm.expectRevert(abi.encodeWithSelector(ERC20FlashMint.ERC3156ExceededMaxLoan.selector, CAP));
        borrower.borrow(lender(), CAP + 1);
    }

    function test_MaxFlashLoan_NeverBeyondWhatTheSupplyCanHold() public {
        kusd.setFlashParams(0, type(uint256).max, address(0));
        mintTo(alice, type(uint256).max - 5);
        assertEq(kusd.maxFlashLoan(address(kusd)), 5);
    }

    function test_FlashLoan_OnlyKusd() public {
        assertEq(kusd.maxFlashLoan(alice), 0);
        vm.expectRevert(abi.encodeWithSelector(ERC20FlashMint.ERC3156UnsupportedToken.selector, alice));
        kusd.flashFee(alice, 1e18);
        vm.expectRevert(abi.encodeWithSelector(ERC20FlashMint.ERC3156ExceededMaxLoan.selector, 0));
        kusd.flashLoan(borrower, alice, 1e18, "");
    }

    function test_FlashLoan_RevertWhen_ReceiverDoesNotApprove() public {
        borrower.configure(false, true);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(kusd), 0, 1_000e18)
        );
        borrower.borrow(lender(), 1_000e18);
    }

    function test_FlashLoan_RevertWhen_ReceiverCannotPayTheFee() public {
        kusd.setFlashParams(10, CAP, treasury);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, address(borrower), 0, 1e18)
        );
        borrower.borrow(lender(), 1_000e18);
    }

    function test_FlashLoan_RevertWhen_WrongReturnValue() public {
        borrower.configure(true, false);
        vm.expectRevert(abi.encodeWithSelector(ERC20FlashMint.ERC3156InvalidReceiver.selector, address(borrower)));
        borrower.borrow(lender(), 1_000e18);
    }

    // ----- flash parameters -----

    function test_SetFlashParams() public {
        vm.expectEmit(address(kusd));
        emit IKusd.SetFlashParams(100, 5e18, treasury);
        kusd.setFlashParams(100, 5e18, treasury);
        assertEq(kusd.flashFeeBps(), 100);
        assertEq(kusd.flashMintCap(), 5e18);
        assertEq(kusd.flashFeeRecipient(), treasury);
        kusd.setFlashParams(0, 0, address(0)); // no fee needs no recipient
        assertEq(kusd.maxFlashLoan(address(kusd)), 0);
    }

    function test_SetFlashParams_RevertWhen_FeeAboveOnePercent() public {
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "flashFee"));
        kusd.setFlashParams(101, CAP, treasury);
    }

    function test_SetFlashParams_RevertWhen_FeeWithoutRecipient() public {
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        kusd.setFlashParams(1, CAP, address(0));
    }

    function test_SetFlashParams_RevertWhen_NotOwner() public {
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, minter));
        kusd.setFlashParams(0, CAP, address(0));
    }

    function test_Ownership_TwoSteps() public {
        kusd.transferOwnership(alice);
        assertEq(kusd.owner(), address(this));
        vm.prank(alice);
        kusd.acceptOwnership();
        assertEq(kusd.owner(), alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        kusd.setMinter(alice, true);
    }
}
