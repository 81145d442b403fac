"use strict";
// Declares the resources listed in resources.json: [{name, type: "alicloud.EniAttachment", args,
// dependsOn?: [names], createTimeoutFrom?: name}]. `createTimeoutFrom` makes timeouts.create an
// output of that resource, so it is unknown during the first preview.
const fs = require("fs");
const path = require("path");
const netattach = require("pulumi-netattach");

const specs = JSON.parse(fs.readFileSync(path.join(__dirname, "resources.json"), "utf8"));
const made = {};
for (const spec of specs) {
  const [cloud, type] = spec.type.split(".");
  const args = { ...spec.args };
  if (spec.createTimeoutFrom) args.timeouts = { ...args.timeouts, create: made[spec.createTimeoutFrom].id.apply(() => "10m") };
  const options = spec.dependsOn ? { dependsOn: spec.dependsOn.map((name) => made[name]) } : undefined;
  made[spec.name] = new netattach[cloud][type](spec.name, args, options);
}

exports.ids = Object.fromEntries(Object.entries(made).map(([name, resource]) => [name, resource.id]));
