// What preflight reports and the shared rules for deciding when a resource would call the cloud.

import { isUnknown } from "../resources/common";
import type { ResourceKind } from "../kinds";

/** Something `pulumi up` would fail on, with the input it concerns and what to do about it. */
export interface Finding {
  property: string;
  problem: string;
  fix: string;
}

/** One resource as its check saw it during a preview. */
export interface Subject {
  kind: ResourceKind;
  /** The resource's name in the program (sent by the SDK with the preview mark). */
  name: string;
  /** Inputs stored by the last `up` ({} for a resource the stack does not hold yet). */
  olds: Record<string, unknown>;
  /** Inputs after check. */
  news: Record<string, any>;
}

export function anyUnknown(...values: unknown[]): boolean {
  return values.some((v) => isUnknown(v));
}

/**
 * True when `up` would create this resource: the stack does not hold it, or an input that
 * replaces it changed. An in-place change or no change makes no attach call, so nothing to check.
 */
export function willCreate(subject: Subject, identity: string[]): boolean {
  if (Object.keys(subject.olds).length === 0) return true;
  return identity.some((field) => (subject.olds[field] ?? undefined) !== (subject.news[field] ?? undefined));
}

/** The same pair was this resource's before the change: its own old attachment goes first. */
export function heldBySelf(subject: Subject, exclusive: string, other: string, otherValue: string | undefined): boolean {
  return subject.olds[exclusive] === subject.news[exclusive] && otherValue !== undefined && subject.olds[other] === otherValue;
}

const SETTLED = { alicloud: ["Running", "Stopped"], tencentcloud: ["RUNNING", "STOPPED"] };
const PASSING = { alicloud: ["Pending", "Starting", "Stopping"], tencentcloud: ["PENDING", "STARTING", "STOPPING", "REBOOTING"] };

/** `up` waits out a transitional state and fails on anything other than Running/Stopped. */
export function instanceStateFinding(cloud: "alicloud" | "tencentcloud", instanceId: string, state: string): Finding | undefined {
  if (SETTLED[cloud].includes(state) || PASSING[cloud].includes(state)) return undefined;
  return {
    property: "instanceId",
    problem: `${cloud === "tencentcloud" ? "CVM instance" : "instance"} ${instanceId} is ${state}; attaching needs it ${SETTLED[cloud].join(" or ")}, and it will not get there by itself`,
    fix: "start or stop the instance (or renew it if it has expired), or point instanceId at another instance",
  };
}
