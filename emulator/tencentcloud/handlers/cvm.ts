// CVM 2017-03-12 actions.

import type { HandlerTable } from "./types";
import type { TencentSeedInstance } from "../seed";
import { TencentError } from "../errors";
import { applyFilters } from "./filters";
import { INSTANCE_ID } from "../ids";
import { observeInstance, privateIpOf, startInstances, stopInstances } from "../instances";
import { integerPage, pageOf } from "./paging";
import { renderInstance } from "../render";

const MAX_IDS = 100;

export const cvmHandlers: HandlerTable = {
  DescribeInstances(model, call, params) {
    const ids = params.stringArray("InstanceIds");
    const filters = params.filters();
    if (ids && filters) throw new TencentError("InvalidParameter", "`InstanceIds` and `Filters` cannot be specified together.");
    if (ids && ids.length > MAX_IDS) throw new TencentError("InvalidParameterValue.LimitExceeded", `At most ${MAX_IDS} InstanceIds.`);
    for (const id of ids ?? []) if (!INSTANCE_ID.test(id)) throw new TencentError("InvalidInstanceId.Malformed", `The instance id \`${id}\` is malformed.`);
    const page = integerPage(params);
    const mine = [...model.instances.values()].filter((instance) => model.visible(instance, call));
    // CVM answers unknown ids with an empty set rather than an error.
    const selected = ids
      ? mine.filter((instance) => ids.includes(instance.instanceId))
      : applyFilters<TencentSeedInstance>(
          mine,
          filters,
          {
            "instance-id": (instance, value) => instance.instanceId === value,
            zone: (instance, value) => instance.zone === value,
            "vpc-id": (instance, value) => instance.networkType === "vpc" && instance.vpcId === value,
            "subnet-id": (instance, value) => instance.networkType === "vpc" && (instance.subnetId ?? "") === value,
            "instance-state": (instance, value) => instance.status === value,
            "private-ip-address": (instance, value) => privateIpOf(instance) === value,
          },
          "InvalidFilter",
        );
    selected.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    const shown = pageOf(selected, page);
    const rendered = shown.map(renderInstance);
    shown.forEach(observeInstance);
    return { TotalCount: selected.length, InstanceSet: rendered };
  },

  StartInstances(model, call, params) {
    startInstances(model, call, params.requireStringArray("InstanceIds"));
    return {};
  },

  StopInstances(model, call, params) {
    params.boolean("ForceStop");
    stopInstances(model, call, params.requireStringArray("InstanceIds"));
    return {};
  },
};
