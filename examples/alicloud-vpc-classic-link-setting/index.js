"use strict";
// Turns ClassicLink on for a VPC; `pulumi config set enabled false` turns it off in place, and
// destroying the stack turns it off. Defaults are the IDs in ../emulator-seed.json.
const pulumi = require("@pulumi/pulumi");
const netattach = require("pulumi-netattach");

const config = new pulumi.Config();

const setting = new netattach.alicloud.VpcClassicLinkSetting("vpc-classic-link", {
  vpcId: config.get("vpcId") || "vpc-demo00001",
  enabled: config.getBoolean("enabled") ?? true,
});

exports.vpcId = setting.vpcId;
exports.classicLinkEnabled = setting.enabled;
