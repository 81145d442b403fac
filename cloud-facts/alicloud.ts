// Documented facts about Alibaba Cloud read by both the provider (its prechecks,
// provider/resources/alicloud/eniOptions.ts) and the emulator (its rules,
// emulator/alicloud/instances.ts and networkInterfaces.ts), so a change in the docs is one edit.
// A neutral place: it imports nothing, so neither side depends on the other.

/**
 * Families whose instances take an ENI only while Stopped ("Bind a secondary ENI", instance types
 * that must be Stopped: shared s6 and e, burstable t5 and t6, previous-generation shared xn4, n4,
 * mn4, e4).
 */
const STOPPED_ONLY_FAMILY = /^ecs\.(s6|e|t5|t6)-|^ecs\.(xn4|n4|mn4|e4)\./;

export function takesEniOnlyStopped(instanceType: string): boolean {
  return STOPPED_ONLY_FAMILY.test(instanceType);
}

/** A Running instance last started before this must be restarted before it takes an ENI (AttachNetworkInterface doc). */
export const ENI_REBOOT_CUTOFF = Date.parse("2018-04-01T00:00:00Z");
