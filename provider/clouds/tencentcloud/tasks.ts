// Polls a VPC async task (DescribeVpcTaskResult, task id = the RequestId of the async call) to
// its end. Unlike terraform's helper, FAILED is an error carrying the task's Output, never done.

import { isCloudError, TaskFailedError } from "../../core/errors";
import { waitUntil } from "../../core/waiter";
import { TencentOp } from "./client";
import { Accepted, describeVpcTaskResult, TaskResult } from "./vpc";

/** A task id can take a moment to become queryable; this many early "not found" polls are tolerated. */
export const NOT_YET_VISIBLE_POLLS = 3;

const NOT_VISIBLE = "NOT_YET_VISIBLE";

/**
 * `action` is the async call that created the task (for the error text); `task` its id, or what
 * the call answered (a batched call may already know the task succeeded: then nothing is polled).
 */
export async function waitForVpcTask(op: TencentOp, action: string, task: string | Accepted): Promise<TaskResult> {
  if (typeof task !== "string" && task.succeeded) return task.succeeded;
  const taskId = typeof task === "string" ? task : task.taskId;
  let polls = 0;
  return waitUntil<TaskResult>({
    what: `${action} task ${taskId} to finish (DescribeVpcTaskResult SUCCESS)`,
    runtime: op.runtime,
    deadline: op.deadline,
    // Tasks of one action take about as long as each other: learn it, poll first just before.
    kind: `tencentcloud:${action} task`,
    poll: async () => {
      polls++;
      try {
        return await describeVpcTaskResult(op, taskId);
      } catch (error) {
        if (isCloudError(error) && error.retryClass === "notFound" && polls <= NOT_YET_VISIBLE_POLLS) {
          return { taskId, status: NOT_VISIBLE, output: "" };
        }
        throw error;
      }
    },
    accept: (task) => {
      if (task.status === "SUCCESS") return { state: "done" };
      if (task.status === "FAILED") return { state: "failed", error: new TaskFailedError(action, taskId, task.output || "(no Output)") };
      return { state: "retry", seen: `task ${task.status}` };
    },
  });
}
