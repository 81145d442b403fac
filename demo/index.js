"use strict";
// The demo stack: every pulumi-netattach resource on both clouds. Defaults are the IDs in
// examples/emulator-seed.json; against real clouds set your own with `pulumi config set`.
const pulumi = require("@pulumi/pulumi");
const netattach = require("pulumi-netattach");

const config = new pulumi.Config();
const id = (key, fallback) => config.get(key) || fallback;

// Alibaba Cloud: ClassicLink on for the VPC, a classic instance linked to it, an ENI attached.
const vpcId = id("alicloudVpcId", "vpc-demo00001");
const setting = new netattach.alicloud.VpcClassicLinkSetting("vpc", { vpcId });
const web = new netattach.alicloud.ClassicLinkAttachment(
  "web",
  { instanceId: id("alicloudClassicInstanceId", "i-classic0001"), vpcId: setting.vpcId },
  { dependsOn: [setting] },
);
const dbEni = new netattach.alicloud.EniAttachment("db-eni", {
  instanceId: id("alicloudVpcInstanceId", "i-vpc0001"),
  networkInterfaceId: id("alicloudEniId", "eni-second0001"),
});

// Tencent Cloud: a basic-network CVM linked to a VPC, an ENI attached to a VPC CVM.
const cvm = new netattach.tencentcloud.ClassicLinkAttachment("cvm", {
  instanceId: id("tencentBasicInstanceId", "ins-basic001"),
  vpcId: id("tencentVpcId", "vpc-demo0002"),
});
const cvmEni = new netattach.tencentcloud.EniAttachment("cvm-eni", {
  instanceId: id("tencentVpcInstanceId", "ins-vpc00001"),
  networkInterfaceId: id("tencentEniId", "eni-tcsec001"),
});

exports.alicloud = {
  classicLinkEnabled: setting.enabled,
  classicLink: web.id,
  eniAttachment: dbEni.id,
  eniStatus: dbEni.status,
};
exports.tencentcloud = {
  classicLink: cvm.id,
  classicLinkTask: cvm.lastTaskId,
  eniAttachment: cvmEni.id,
  eniTask: cvmEni.lastTaskId,
};
