// Resource id shapes the ENI APIs check before looking anything up (InvalidEniId.Malformed,
// InvalidInstanceID.Malformed). The other Alibaba actions take any id and answer NotFound.

export const INSTANCE_ID = /^i-[A-Za-z0-9]+$/;
export const ENI_ID = /^eni-[A-Za-z0-9]+$/;
