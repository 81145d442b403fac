// What the three Alibaba resources share: one operation's target and deadline, reads and
// mutations through the retry/reconcile layers, waiting, and the instance-state precheck.

import { AlicloudTarget } from "../../clouds/alicloud/client";
import { describeInstance, EcsInstance, Mutation } from "../../clouds/alicloud/ecs";
import { resolveRegion } from "../../core/credentials";
import { StateError } from "../../core/errors";
import { mutateSafely, Observed } from "../../core/reconcile";
import { callWithRetry } from "../../core/retry";
import { Runtime } from "../../core/runtime";
import { Operation as OperationName, timeoutMs, Timeouts } from "../../core/timeouts";
import { Verdict, waitUntil } from "../../core/waiter";
import { ProviderContext } from "../types";

export interface Operation {
  target: AlicloudTarget;
  runtime: Runtime;
  /** ms since epoch on the runtime's clock */
  deadline: number;
}

export function startOperation(ctx: ProviderContext, name: OperationName, inputs: { region?: string; timeouts?: Timeouts }): Operation {
  const region = resolveRegion("alicloud", ctx.settings, inputs.region);
  return {
    target: { settings: ctx.settings, region },
    runtime: ctx.runtime,
    deadline: ctx.runtime.now() + timeoutMs(inputs.timeouts, name, ctx.timeoutMs),
  };
}

/** A read, retried through transient failures and conflicts until the deadline. */
export function read<T>(op: Operation, call: (target: AlicloudTarget) => Promise<T>): Promise<T> {
  return callWithRetry(() => call(op.target), { runtime: op.runtime, deadline: op.deadline, mutation: false });
}

/**
 * A change, sent once; if its answer is lost, `observe` re-reads the cloud and it is resent only
 * when nothing happened. Returns the RequestId when the cloud answered (none after a recovery).
 */
export async function mutate(
  op: Operation,
  send: (target: AlicloudTarget) => Promise<Mutation>,
  observe: (target: AlicloudTarget) => Promise<Observed>,
): Promise<string | undefined> {
  const outcome = await mutateSafely(
    { send: () => send(op.target), observe: () => observe(op.target) },
    { runtime: op.runtime, deadline: op.deadline },
  );
  return outcome.kind === "answered" ? outcome.response.requestId : undefined;
}

export function waitFor<T>(
  op: Operation,
  what: string,
  poll: (target: AlicloudTarget) => Promise<T>,
  accept: (value: T) => Verdict,
  onRetry?: (value: T, polls: number) => Promise<void>,
): Promise<T> {
  return waitUntil({ what, poll: () => read(op, poll), accept, runtime: op.runtime, deadline: op.deadline, onRetry });
}

const STEADY = new Set(["Running", "Stopped"]);
const TRANSITIONAL = new Set(["Pending", "Starting", "Stopping"]);

/**
 * The instance, once it is Running or Stopped. Transitional states are waited out; a missing
 * instance or any other state fails at once, naming it.
 */
export function readyInstance(op: Operation, instanceId: string, purpose: string): Promise<EcsInstance> {
  return waitFor<EcsInstance | undefined>(
    op,
    `instance ${instanceId} to be Running or Stopped`,
    (target) => describeInstance(target, instanceId),
    (instance) => {
      if (!instance) return { state: "failed", error: instanceNotFound(instanceId, op.target.region) };
      if (STEADY.has(instance.status)) return { state: "done" };
      if (TRANSITIONAL.has(instance.status)) return { state: "retry", seen: `instance status ${instance.status}` };
      return {
        state: "failed",
        error: new StateError(
          `instance ${instanceId} is ${instance.status}; ${purpose} needs it Running or Stopped`,
          "start or stop the instance (or renew it if it has expired), then run again",
        ),
      };
    },
  ) as Promise<EcsInstance>;
}

export function instanceNotFound(instanceId: string, region: string): StateError {
  return new StateError(
    `instance ${instanceId} was not found in region ${region}`,
    "check instanceId, and that the resource's `region` input (or alicloud:region) is the instance's region and the credentials are of the account that owns it",
  );
}

/** Ten random hex digits from the injected source, so tests repeat. */
export function clientToken(op: Operation, action: string, id: string): string {
  let suffix = "";
  for (let i = 0; i < 10; i++) suffix += Math.floor(op.runtime.random() * 16).toString(16);
  return `netattach-${suffix}-${action}-${id}`.slice(0, 64);
}
