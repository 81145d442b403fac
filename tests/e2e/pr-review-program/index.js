"use strict";
// All five resources with every input from stack config, so one stack can be previewed in many
// shapes: `omit` (comma-separated names) leaves resources out, `createTimeout` makes an in-place
// update, `<name>.<input>` overrides an input, and `cvm-eni.instanceFromCvm` takes the instance
// from the Tencent ClassicLink's status, a value unknown until that resource is created.
const pulumi = require("@pulumi/pulumi");
const netattach = require("pulumi-netattach");

const config = new pulumi.Config();
const omit = (config.get("omit") || "").split(",").filter(Boolean);
const input = (name, key, fallback) => config.get(`${name}.${key}`) || fallback;
const createTimeout = config.get("createTimeout");
const timeouts = createTimeout ? { create: createTimeout } : undefined;
const wanted = (name) => !omit.includes(name);

let setting;
if (wanted("vpc")) setting = new netattach.alicloud.VpcClassicLinkSetting("vpc", { vpcId: input("vpc", "vpcId", "vpc-demo00001") });
if (wanted("web")) {
  new netattach.alicloud.ClassicLinkAttachment(
    "web",
    { instanceId: input("web", "instanceId", "i-classic0001"), vpcId: setting ? setting.vpcId : input("web", "vpcId", "vpc-demo00001") },
    { dependsOn: setting ? [setting] : [] },
  );
}
if (wanted("db-eni")) {
  new netattach.alicloud.EniAttachment("db-eni", {
    instanceId: input("db-eni", "instanceId", "i-vpc0001"),
    networkInterfaceId: input("db-eni", "networkInterfaceId", "eni-second0001"),
    timeouts,
  });
}
let cvm;
if (wanted("cvm")) cvm = new netattach.tencentcloud.ClassicLinkAttachment("cvm", { instanceId: input("cvm", "instanceId", "ins-basic001"), vpcId: input("cvm", "vpcId", "vpc-demo0002") });
if (wanted("cvm-eni")) {
  const instanceId = input("cvm-eni", "instanceId", "ins-vpc00001");
  const fromCvm = config.get("cvm-eni.instanceFromCvm");
  new netattach.tencentcloud.EniAttachment("cvm-eni", {
    instanceId: fromCvm && cvm ? cvm.status.apply(() => fromCvm) : instanceId,
    networkInterfaceId: input("cvm-eni", "networkInterfaceId", "eni-tcsec001"),
  });
}
