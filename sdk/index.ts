export * as alicloud from "./alicloud";
export * as tencentcloud from "./tencentcloud";
export type { ClassicLinkAttachmentArgs, EniAttachmentArgs, Timeouts, TimeoutsArgs } from "./common";
