import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type KeelDeployment, keelPoolAbi } from "@keel/sdk";
import { decryptKeystoreJson } from "ethers";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  erc20Abi,
  type Hex,
  http,
  parseEther,
  parseUnits,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type CliResult, keel, type RunningDevnet, startDevnet } from "./helpers/cli.ts";

// Keystores go to a temporary KEEL_HOME, with the lowest scrypt cost so each file takes milliseconds.
const PASSWORD = "correct horse battery staple";
// A fixed key, so the expected address is known before importing it.
const KNOWN_KEY: Hex = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const KNOWN_ADDRESS = privateKeyToAccount(KNOWN_KEY).address;
const PORT = 8845;

/** A fresh KEEL_HOME; `env` is what every `keel` run of a test gets. */
function keystoreHome() {
  const home = mkdtempSync(path.join(tmpdir(), "keel-home-"));
  const env = { KEEL_HOME: home, KEEL_KEYSTORE_SCRYPT_N: "1024", KEEL_WALLET_PASSWORD: PASSWORD };
  return { home, env, file: (name: string) => path.join(home, "keystores", `${name}.json`) };
}

function assertRefused(result: CliResult, sentence: RegExp): void {
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, sentence);
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
}

describe("keel wallet: encrypted keystores", { timeout: 300_000 }, () => {
  const { home, env, file } = keystoreHome();

  after(() => rmSync(home, { recursive: true, force: true }));

  it("creates a wallet and lists it with its address, as a table and as JSON", async () => {
    const empty = await keel(["wallet", "list"], { env });
    assert.equal(empty.status, 0, empty.stderr);
    assert.match(empty.stdout, /No wallets/);

    const created = await keel(["wallet", "new", "alice", "--json"], { env });
    assert.equal(created.status, 0, created.stderr);
    const { address } = JSON.parse(created.stdout) as { address: Address };
    assert.match(address, /^0x[0-9a-fA-F]{40}$/);

    const table = await keel(["wallet", "list"], { env });
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, new RegExp(`alice\\s*│\\s*${address}`));
    const listed = JSON.parse((await keel(["--json", "wallet", "list"], { env })).stdout);
    assert.deepEqual(listed, [{ name: "alice", address, file: file("alice") }]);
    const shown = await keel(["wallet", "address", "alice"], { env });
    assert.equal(shown.stdout.trim(), address);
  });

  it("imports a key piped into standard input and prints its address", async () => {
    const imported = await keel(["wallet", "import", "known"], { env, input: `${KNOWN_KEY}\n` });
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, new RegExp(KNOWN_ADDRESS));
    assert.doesNotMatch(imported.stdout + imported.stderr, new RegExp(KNOWN_KEY.slice(2)), "the key is never echoed");
  });

  it("writes a v3 scrypt keystore, private to its owner, that ethers decrypts back to the key", async () => {
    const json = readFileSync(file("known"), "utf8");
    const keystore = JSON.parse(json);
    assert.equal(keystore.version, 3);
    assert.equal(keystore.crypto.kdf, "scrypt");
    assert.equal(keystore.crypto.kdfparams.n, 1024, "KEEL_KEYSTORE_SCRYPT_N lowered the cost");
    assert.equal(`0x${keystore.address}`.toLowerCase(), KNOWN_ADDRESS.toLowerCase());
    assert.doesNotMatch(json, new RegExp(KNOWN_KEY.slice(2), "i"), "the key is not stored in clear");
    const decrypted = await decryptKeystoreJson(json, PASSWORD);
    assert.equal(decrypted.privateKey, KNOWN_KEY);
    assert.equal(statSync(file("known")).mode & 0o777, 0o600);
    assert.equal(statSync(path.join(home, "keystores")).mode & 0o777, 0o700);
  });

  it("refuses a taken name, a name with a path in it, and a key that is not 32 bytes of hex", async () => {
    const before = readFileSync(file("alice"), "utf8");
    assertRefused(await keel(["wallet", "new", "alice"], { env }), /already exists/);
    assertRefused(await keel(["wallet", "import", "alice"], { env, input: KNOWN_KEY }), /already exists/);
    assert.equal(readFileSync(file("alice"), "utf8"), before, "the existing keystore is untouched");

    assertRefused(await keel(["wallet", "new", "../x"], { env }), /not a wallet name/);
    assert.equal(existsSync(path.join(home, "x.json")), false, "nothing was written outside the directory");
    assertRefused(await keel(["wallet", "address", "a/b"], { env }), /not a wallet name/);

    for (const key of ["0x1234", `${KNOWN_KEY}00`, "not a key", ""]) {
      assertRefused(await keel(["wallet", "import", "bad"], { env, input: key }), /not a private key/);
    }
    assert.equal(existsSync(file("bad")), false);
  });

  it("refuses to save a key without a password, or with an empty one", async () => {
    assertRefused(
      await keel(["wallet", "new", "nopass"], { env: { ...env, KEEL_WALLET_PASSWORD: "" } }),
      /empty password/,
    );
    assert.equal(existsSync(file("nopass")), false);
  });
});

describe("signing with --wallet against a running devnet", { timeout: 600_000 }, () => {
  const { home, env } = keystoreHome();
  let devnet: RunningDevnet;
  let deployment: KeelDeployment;
  let client: ReturnType<typeof createPublicClient>;
  let signer: Address;
  let global: string[];

  const usdcSupplyShares = async (account: Address) => {
    const reserve = deployment.pools[0].reserves.find((r) => r.symbol === "USDC");
    assert.ok(reserve);
    const position = await client.readContract({
      address: deployment.contracts.pool,
      abi: keelPoolAbi,
      functionName: "position",
      args: [0n, account, BigInt(reserve.index)],
    });
    return position.supplyShares;
  };
  const supplyUsdc = (amount: string, extraEnv: Record<string, string> = {}, extraArgs: string[] = []) =>
    keel([...global, ...extraArgs, "supply", "--asset", "USDC", "--amount", amount, "--yes"], {
      env: { ...env, ...extraEnv },
    });

  before(async () => {
    devnet = await startDevnet(PORT);
    deployment = JSON.parse(readFileSync(devnet.manifest, "utf8"));
    client = createPublicClient({ transport: http(devnet.rpcUrl) });
    global = ["--manifest", devnet.manifest];

    const created = await keel(["wallet", "new", "signer", "--json"], { env });
    assert.equal(created.status, 0, created.stderr);
    signer = JSON.parse(created.stdout).address;

    // The new wallet starts empty: the devnet's newcomer sends it gas money and USDC to supply.
    const newcomer = deployment.accounts.find((a) => a.role === "newcomer");
    assert.ok(newcomer);
    const chain = defineChain({
      id: deployment.chainId,
      name: "devnet",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [devnet.rpcUrl] } },
    });
    const funder = createWalletClient({ account: privateKeyToAccount(newcomer.privateKey), chain, transport: http() });
    const usdc = deployment.tokens.USDC;
    for (const hash of [
      await funder.sendTransaction({ to: signer, value: parseEther("1") }),
      await funder.writeContract({
        address: usdc.address,
        abi: erc20Abi,
        functionName: "transfer",
        args: [signer, parseUnits("1000", usdc.decimals)],
      }),
    ]) {
      const receipt = await client.waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, "success");
    }
  });

  after(async () => {
    rmSync(home, { recursive: true, force: true });
    assert.equal(await devnet.stop(), 0);
  });

  it("refuses a wrong password with a sentence and exit code 2, and sends nothing", async () => {
    const nonce = await client.getTransactionCount({ address: signer });
    const result = await supplyUsdc("100", { KEEL_WALLET_PASSWORD: "wrong" }, ["--wallet", "signer"]);
    assertRefused(result, /Wrong password for wallet "signer"/);
    assert.equal(await client.getTransactionCount({ address: signer }), nonce, "nothing was sent");
    assert.equal(await usdcSupplyShares(signer), 0n);
  });

  it("sends a supply signed by the keystore, from the wallet's address", async () => {
    // --wallet comes before --account: the test account named here is not the one that signs.
    const result = await supplyUsdc("100", {}, ["--account", "1", "--wallet", "signer"]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`${signer} \\(keystore signer\\)`), "the preview names the keystore");
    assert.match(result.stdout, /Supplied 100 USDC/);
    assert.ok((await usdcSupplyShares(signer)) > 0n);
  });

  it("takes the wallet from KEEL_WALLET and the password from --password-file before KEEL_WALLET_PASSWORD", async () => {
    const passwordFile = path.join(home, "password.txt");
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    const before = await usdcSupplyShares(signer);
    const result = await supplyUsdc("50", { KEEL_WALLET: "signer", KEEL_WALLET_PASSWORD: "wrong" }, [
      "--password-file",
      passwordFile,
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /keystore signer/);
    assert.ok((await usdcSupplyShares(signer)) > before);
  });

  it("lets --key take precedence over --wallet, without unlocking the keystore", async () => {
    const newcomer = deployment.accounts.find((a) => a.role === "newcomer");
    assert.ok(newcomer);
    const nonce = await client.getTransactionCount({ address: signer });
    const result = await supplyUsdc("10", { KEEL_WALLET_PASSWORD: "wrong" }, [
      "--wallet",
      "signer",
      "--key",
      newcomer.privateKey,
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`${newcomer.address} \\(--key or KEEL_PRIVATE_KEY\\)`));
    assert.equal(await client.getTransactionCount({ address: signer }), nonce);
  });
});
