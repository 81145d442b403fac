export * as alicloud from "./alicloud";
export * as tencentcloud from "./tencentcloud";
export type { Timeouts, TimeoutsArgs } from "./common";
