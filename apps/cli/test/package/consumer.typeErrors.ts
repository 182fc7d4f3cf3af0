// Mistakes the published types must catch. Each line below is an error; if the .d.ts files lost their
// types (everything `any`), the compiler would report the `@ts-expect-error` comments as unused.
// @ts-expect-error: the SDK's internal helpers are not part of its public API
import { getVault, read } from "@keel/sdk";
import { type Address, createPublicClient, http } from "viem";

const client = createPublicClient({ transport: http("http://127.0.0.1:1") });
const engine: Address = "0x0000000000000000000000000000000000000001";

// @ts-expect-error: a vault id is a bigint, not a number
await getVault(client, { engine, vaultId: 1 });
void read;
// @ts-expect-error: the result's fields are typed (debt is a bigint)
const debt: string = (await getVault(client, { engine, vaultId: 1n })).debt;
void debt;
