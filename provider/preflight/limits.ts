// Cloud limits preflight checks against. Both clouds document 1000 classic instances per VPC
// (Alibaba AttachClassicLinkVpc's QuotaExceeded text; Tencent's LimitExceeded), and the emulator
// enforces the same numbers (emulator/alicloud/classicLink.ts LINKS_PER_VPC,
// emulator/tencentcloud/classicLink.ts MAX_INSTANCES_PER_VPC).
export const LINKS_PER_VPC = 1000;
