export { type ApproveErrorType, type ApproveParameters, type ApproveReturnType, approve } from "./approve.ts";
export {
  type EnsureAllowanceErrorType,
  type EnsureAllowanceParameters,
  type EnsureAllowanceReturnType,
  ensureAllowance,
} from "./ensureAllowance.ts";
export {
  type GetAllowanceErrorType,
  type GetAllowanceParameters,
  type GetAllowanceReturnType,
  getAllowance,
} from "./getAllowance.ts";
export {
  type GetTokenBalanceErrorType,
  type GetTokenBalanceParameters,
  type GetTokenBalanceReturnType,
  getTokenBalance,
} from "./getTokenBalance.ts";
export { type PermitErrorType, type PermitParameters, type PermitReturnType, permit } from "./permit.ts";
