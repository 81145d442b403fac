"use strict";
// Links a basic-network CVM to a VPC. Defaults are the IDs in ../emulator-seed.json.
const pulumi = require("@pulumi/pulumi");
const netattach = require("pulumi-netattach");

const config = new pulumi.Config();

const link = new netattach.tencentcloud.ClassicLinkAttachment("cvm", {
  instanceId: config.get("instanceId") || "ins-basic001",
  vpcId: config.get("vpcId") || "vpc-demo0002",
  timeouts: { create: config.get("createTimeout") || "10m" },
});

exports.linkId = link.id;
exports.lastTaskId = link.lastTaskId;
