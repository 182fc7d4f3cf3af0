export { type KeelErrorAbiItem, type KeelErrorName, keelErrorsAbi } from "./abi.ts";
export { BaseError, type BaseErrorParameters, walkCauses } from "./base.ts";
export type { KeelErrorContext } from "./context.ts";
export {
  KeelContractError,
  type KeelContractErrorParameters,
  TransactionRevertedError,
  UnknownContractError,
} from "./contract.ts";
export { type DecodeKeelErrorReturnType, decodeKeelError, decodeRevertData } from "./decode.ts";
export { explainCdpRevert } from "./predicted.ts";
export { RpcRequestError } from "./rpc.ts";
export { builtinErrorSentences, keelErrorSentences } from "./sentences.ts";
export type { KeelReadErrorType, KeelWriteErrorType } from "./types.ts";
