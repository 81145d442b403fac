// The five resource kinds. The kind string is the only value captured in a serialized provider.

export const RESOURCE_KINDS = [
  "alicloud:ClassicLinkAttachment",
  "alicloud:VpcClassicLinkSetting",
  "alicloud:EniAttachment",
  "tencentcloud:ClassicLinkAttachment",
  "tencentcloud:EniAttachment",
] as const;

export type ResourceKind = (typeof RESOURCE_KINDS)[number];
