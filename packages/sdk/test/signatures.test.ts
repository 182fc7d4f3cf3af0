import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { domainSeparator, maxUint256, parseUnits } from "viem";
import { getBlock, signTypedData } from "viem/actions";
import {
  approveDelegationWithSig,
  borrow,
  buildAuthorizationTypedData,
  ensureAllowance,
  getAllowance,
  getBorrowAllowance,
  getIsAuthorized,
  getKeelPoolDomain,
  getNonce,
  getPermitSupport,
  getPosition,
  KeelContractError,
  permit,
  setAuthorizationWithSig,
  signAuthorization,
  signDelegation,
  signPermit,
  supply,
  supplyCollateral,
  supplyWithPermit,
  verifyAuthorization,
  verifyDelegation,
  withdrawCollateral,
} from "../src/index.ts";
import { createKeelChain, POOL_ID, USDC, WETH } from "./fixtures/keel.ts";

const chain = await createKeelChain();
const { publicClient, networkHelpers, lender, borrower, operator, stranger } = chain;

/** The lender supplies 100,000 USDC; the borrower (the signer in these tests) posts 10 WETH. */
async function fundedPool() {
  const keel = await chain.deployKeel();
  const pool = keel.poolAddress;
  await ensureAllowance(lender, { token: keel.usdc.address, spender: pool, amount: maxUint256 });
  await ensureAllowance(borrower, { token: keel.weth.address, spender: pool, amount: maxUint256 });
  await supply(lender, { pool, poolId: POOL_ID, reserve: USDC, assets: parseUnits("100000", 6) });
  await supplyCollateral(borrower, { pool, poolId: POOL_ID, reserve: WETH, assets: parseUnits("10", 18) });
  return keel;
}

async function rejectsWith(promise: Promise<unknown>, errorName: string, sentence: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof KeelContractError, `expected a KeelContractError, got ${error}`);
    assert.equal(error.errorName, errorName);
    assert.match(error.shortMessage, sentence);
    return true;
  });
}

describe("Authorization signatures", () => {
  it("use the pool's own EIP-712 domain", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const domain = await getKeelPoolDomain(publicClient, { pool: keel.poolAddress });
    assert.equal(domainSeparator({ domain }), await keel.pool.read.DOMAIN_SEPARATOR());
  });

  it("let an operator act for the signer once submitted, and only once", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const pool = keel.poolAddress;
    const owner = borrower.account.address;
    const signed = await signAuthorization(borrower, { pool, operator: operator.account.address, isAuthorized: true });
    assert.equal(signed.authorization.nonce, 0n);
    assert.equal(await verifyAuthorization(publicClient, { pool, ...signed }), true);
    const forged = { ...signed.authorization, operator: stranger.account.address };
    assert.equal(
      await verifyAuthorization(publicClient, { pool, authorization: forged, signature: signed.signature }),
      false,
    );

    // The operator pays the gas for the owner's signature, then withdraws collateral for the owner.
    await setAuthorizationWithSig(operator, { pool, ...signed });
    assert.equal(
      await getIsAuthorized(publicClient, { pool, authorizer: owner, operator: operator.account.address }),
      true,
    );
    assert.equal(await getNonce(publicClient, { pool, account: owner }), 1n);
    await withdrawCollateral(operator, {
      pool,
      poolId: POOL_ID,
      reserve: WETH,
      assets: parseUnits("2", 18),
      onBehalf: owner,
    });
    assert.equal(
      (await getPosition(publicClient, { pool, poolId: POOL_ID, reserve: WETH, account: owner })).collateral,
      parseUnits("8", 18),
    );

    await rejectsWith(
      setAuthorizationWithSig(stranger, { pool, ...signed }),
      "InvalidNonce",
      /uses nonce 0, but the signer's current nonce is 1/,
    );
  });

  it("are refused once expired or when signed by someone else", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const pool = keel.poolAddress;
    const { timestamp } = await getBlock(publicClient);
    const expired = await signAuthorization(borrower, {
      pool,
      operator: operator.account.address,
      isAuthorized: true,
      deadline: timestamp - 1n,
    });
    await rejectsWith(
      setAuthorizationWithSig(operator, { pool, ...expired }),
      "SignatureExpired",
      /expired at .*sign again with a later deadline/,
    );

    // The stranger signs a message naming the borrower as authorizer.
    const typedData = await buildAuthorizationTypedData(publicClient, {
      pool,
      authorizer: borrower.account.address,
      operator: stranger.account.address,
      isAuthorized: true,
    });
    const signature = await signTypedData(stranger, { ...typedData, account: stranger.account });
    assert.equal(await verifyAuthorization(publicClient, { pool, authorization: typedData.message, signature }), false);
    await rejectsWith(
      setAuthorizationWithSig(stranger, { pool, authorization: typedData.message, signature }),
      "InvalidSignature",
      /not made by the signer named in the message/,
    );
  });
});

describe("Delegation signatures", () => {
  it("let a delegate borrow against the signer's collateral", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const pool = keel.poolAddress;
    const target = { pool, poolId: POOL_ID, reserve: USDC };
    const owner = borrower.account.address;
    const delegate = stranger.account.address;
    const signed = await signDelegation(borrower, { ...target, delegate, amount: parseUnits("3000", 6) });
    assert.equal(await verifyDelegation(publicClient, { pool, ...signed }), true);

    await approveDelegationWithSig(stranger, { pool, ...signed });
    const borrowed = await borrow(stranger, { ...target, assets: parseUnits("2500", 6), onBehalf: owner });
    assert.equal((await getPosition(publicClient, { ...target, account: owner })).debtShares, borrowed.shares);
    assert.equal((await getPosition(publicClient, { ...target, account: delegate })).debtShares, 0n);
    assert.equal(await getBorrowAllowance(publicClient, { ...target, owner, delegate }), parseUnits("500", 6));
  });
});

describe("EIP-2612 permits", () => {
  it("are detected on DevToken and not on a contract without them", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const support = await getPermitSupport(publicClient, { token: keel.usdc.address });
    assert.ok(support.supported && support.domain.name === "USD Coin");
    assert.equal((await getPermitSupport(publicClient, { token: keel.flashBorrower.address })).supported, false);
  });

  it("supply without a prior approve", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const pool = keel.poolAddress;
    const owner = operator.account.address;
    assert.equal(await getAllowance(publicClient, { token: keel.usdc.address, owner, spender: pool }), 0n);
    const result = await supplyWithPermit(operator, {
      pool,
      poolId: POOL_ID,
      reserve: USDC,
      assets: parseUnits("750", 6),
    });
    assert.ok(result.permitHash);
    assert.equal(result.assets, parseUnits("750", 6));
    assert.equal(
      (await getPosition(publicClient, { pool, poolId: POOL_ID, reserve: USDC, account: owner })).supplyShares,
      result.shares,
    );
    assert.equal(
      await getAllowance(publicClient, { token: keel.usdc.address, owner, spender: pool }),
      0n,
      "the permit covered exactly the supply",
    );
  });

  it("that expired are refused by the token with a sentence", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const { timestamp } = await getBlock(publicClient);
    const signed = await signPermit(operator, {
      token: keel.usdc.address,
      spender: keel.poolAddress,
      value: 1n,
      deadline: timestamp - 1n,
    });
    await rejectsWith(
      permit(stranger, { ...signed, token: keel.usdc.address }),
      "ERC2612ExpiredSignature",
      /The permit expired at/,
    );
  });
});
