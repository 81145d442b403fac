"use strict";
// ENI attachments with AttachNetworkInterface's options: on Alibaba an ENI on the second network
// card of an instance type that has several (and, optionally, through a trunk ENI); on Tencent an
// ENI bound as the extended type. Each exports the device index the cloud gave it.
// Defaults are the IDs in ./emulator-seed.json:
//   npx netattach-emulator --port 0 --seed examples/eni-attachment-options/emulator-seed.json
const pulumi = require("@pulumi/pulumi");
const netattach = require("pulumi-netattach");

const config = new pulumi.Config();
const alicloudInstanceId = config.get("alicloudInstanceId") || "i-multicard01";

const onSecondCard = new netattach.alicloud.EniAttachment("second-card-eni", {
  instanceId: alicloudInstanceId,
  networkInterfaceId: config.get("alicloudEniId") || "eni-card00001",
  networkCardIndex: config.getNumber("networkCardIndex") ?? 1,
  trunkNetworkInstanceId: config.get("trunkEniId"),
  waitForNetworkConfigurationReady: config.getBoolean("waitForNetworkConfigurationReady"),
});

const extended = new netattach.tencentcloud.EniAttachment("extended-eni", {
  instanceId: config.get("tencentInstanceId") || "ins-ext00001",
  networkInterfaceId: config.get("tencentEniId") || "eni-ext00001",
  attachType: config.getNumber("attachType") ?? 1,
});

// Optional second Alibaba attachment, e.g. to see the precheck of a network card the type lacks.
const extraCardIndex = config.getNumber("extraCardIndex");
if (extraCardIndex !== undefined) {
  new netattach.alicloud.EniAttachment("extra-card-eni", {
    instanceId: alicloudInstanceId,
    networkInterfaceId: config.get("alicloudExtraEniId") || "eni-card00002",
    networkCardIndex: extraCardIndex,
  });
}

exports.alicloudDeviceIndex = onSecondCard.deviceIndex;
exports.alicloudNetworkCardIndex = onSecondCard.networkCardIndex;
exports.tencentDeviceIndex = extended.deviceIndex;
exports.tencentAttachType = extended.attachType;
