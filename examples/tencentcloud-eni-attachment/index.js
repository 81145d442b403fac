"use strict";
// Attaches a non-primary ENI to a VPC CVM in the same zone and VPC; detaches it on destroy.
// Defaults are the IDs in ../emulator-seed.json.
const pulumi = require("@pulumi/pulumi");
const netattach = require("pulumi-netattach");

const config = new pulumi.Config();

const attachment = new netattach.tencentcloud.EniAttachment("cvm-eni", {
  instanceId: config.get("instanceId") || "ins-vpc00001",
  networkInterfaceId: config.get("networkInterfaceId") || "eni-tcsec001",
  timeouts: { create: config.get("createTimeout") || "10m" },
});

exports.attachmentId = attachment.id;
exports.lastTaskId = attachment.lastTaskId;
