"use strict";
// Attaches a Secondary ENI to a VPC instance in the same zone and VPC; detaches it on destroy.
// Defaults are the IDs in ../emulator-seed.json.
const pulumi = require("@pulumi/pulumi");
const netattach = require("pulumi-netattach");

const config = new pulumi.Config();

const attachment = new netattach.alicloud.EniAttachment("db-eni", {
  instanceId: config.get("instanceId") || "i-vpc0001",
  networkInterfaceId: config.get("networkInterfaceId") || "eni-second0001",
  timeouts: { create: config.get("createTimeout") || "10m", delete: "20m" },
});

exports.attachmentId = attachment.id;
exports.eniStatus = attachment.status;
