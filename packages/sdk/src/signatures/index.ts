export {
  type AuthorizationTypedData,
  type BuildAuthorizationTypedDataParameters,
  buildAuthorizationTypedData,
} from "./buildAuthorizationTypedData.ts";
export {
  type BuildDelegationTypedDataParameters,
  buildDelegationTypedData,
  type DelegationTypedData,
} from "./buildDelegationTypedData.ts";
export {
  type BuildOperatorApprovalTypedDataParameters,
  buildOperatorApprovalTypedData,
  type OperatorApprovalTypedData,
} from "./buildOperatorApprovalTypedData.ts";
export { DEFAULT_SIGNATURE_LIFETIME } from "./deadline.ts";
export {
  getKeelCdpDomain,
  getKeelPoolDomain,
  KEEL_CDP_DOMAIN_NAME,
  KEEL_CDP_DOMAIN_VERSION,
  KEEL_POOL_DOMAIN_NAME,
  KEEL_POOL_DOMAIN_VERSION,
  keelCdpDomain,
  keelPoolDomain,
} from "./domain.ts";
export { erc2612Abi } from "./erc2612Abi.ts";
export { type GetNonceErrorType, type GetNonceParameters, type GetNonceReturnType, getNonce } from "./getNonce.ts";
export { getPermitSupport, type PermitSupport } from "./getPermitSupport.ts";
export {
  type SignAuthorizationParameters,
  type SignAuthorizationReturnType,
  signAuthorization,
} from "./signAuthorization.ts";
export { type SignDelegationParameters, type SignDelegationReturnType, signDelegation } from "./signDelegation.ts";
export {
  type SignOperatorApprovalParameters,
  type SignOperatorApprovalReturnType,
  signOperatorApproval,
} from "./signOperatorApproval.ts";
export {
  type SignPermitErrorType,
  type SignPermitParameters,
  type SignPermitReturnType,
  signPermit,
} from "./signPermit.ts";
export {
  type Authorization,
  cdpEngineTypes,
  type Delegation,
  keelPoolTypes,
  type OperatorApproval,
  permitTypes,
} from "./types.ts";
export { verifyAuthorization } from "./verifyAuthorization.ts";
export { verifyDelegation } from "./verifyDelegation.ts";
export { verifyOperatorApproval } from "./verifyOperatorApproval.ts";
export { verifyKeelSignature } from "./verifySignature.ts";
