// Resource id shapes. Real ids are a prefix and 8 lowercase alphanumerics; seeds may use longer,
// readable suffixes (ins-classic01), so up to 32 are accepted. Anything else is malformed.

const shape = (prefix: string) => new RegExp(`^${prefix}-[0-9a-z]{8,32}$`);

export const INSTANCE_ID = shape("ins");
export const VPC_ID = shape("vpc");
export const ENI_ID = shape("eni");
