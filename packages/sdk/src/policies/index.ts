/** Protection policies: building, signing, verifying, checking, posting, cancelling and executing them. */

export {
  type PlanPolicyExecutionParameters,
  type PolicyExecutionPlan,
  planPolicyExecution,
} from "./planExecution.ts";
export {
  buildPolicyTypedData,
  cancelPolicy,
  checkPolicy,
  executePolicy,
  getPoliciesDomain,
  type PolicyWriteErrorType,
  postPolicy,
  signPolicy,
  verifyPolicy,
} from "./policies.ts";
export {
  KEEL_POLICIES_DOMAIN_NAME,
  KEEL_POLICIES_DOMAIN_VERSION,
  POLICY_DIRECT_ROUTE,
  type Policy,
  PolicyAction,
  type PolicyExecution,
  PolicyTrigger,
  policyRoute,
  policyTypes,
} from "./types.ts";
