"use strict";
// Links a classic-network ECS instance to a VPC. ClassicLink must be on for the VPC first, so the
// attachment depends on a VpcClassicLinkSetting. Defaults are the IDs in ../emulator-seed.json;
// set your own with `pulumi config set instanceId i-…` and `pulumi config set vpcId vpc-…`.
const pulumi = require("@pulumi/pulumi");
const netattach = require("pulumi-netattach");

const config = new pulumi.Config();
const vpcId = config.get("vpcId") || "vpc-demo00001";

const setting = new netattach.alicloud.VpcClassicLinkSetting("vpc-classic-link", { vpcId });

const link = new netattach.alicloud.ClassicLinkAttachment(
  "web",
  {
    instanceId: config.get("instanceId") || "i-classic0001",
    vpcId: setting.vpcId,
    timeouts: { create: config.get("createTimeout") || "10m" },
  },
  { dependsOn: [setting] },
);

exports.linkId = link.id;
exports.linkStatus = link.status;
