/**
 * Every MCP tool, in listing order. `core/mcp.ts` loads this on first use.
 *
 * @module
 */

import { approveAction } from "./approve_action.ts";
import { agentRun } from "./agent_run.ts";
import { costSetBudget } from "./cost_set_budget.ts";
import { costSummary } from "./cost_summary.ts";
import { gradeOutputTool } from "./grade_output.ts";
import { guardEvent } from "./guard_event.ts";
import { healingStatus } from "./healing_status.ts";
import { immuneCheck } from "./immune_check.ts";
import { immuneDashboard } from "./immune_dashboard.ts";
import { immuneFailures } from "./immune_failures.ts";
import { immuneRecordFailure } from "./immune_record_failure.ts";
import { inboxStatus } from "./inbox_status.ts";
import { pluginsList } from "./plugins_list.ts";
import { rulesList } from "./rules_list.ts";
import { rulesTest } from "./test_rules.ts";
import type { ToolSpec } from "./tool.ts";

/** The tools, in listing order. */
// deno-lint-ignore no-explicit-any
export const TOOLS: ToolSpec<any, any>[] = [
  immuneCheck,
  guardEvent,
  immuneRecordFailure,
  immuneFailures,
  immuneDashboard,
  inboxStatus,
  approveAction,
  rulesList,
  rulesTest,
  pluginsList,
  costSummary,
  costSetBudget,
  gradeOutputTool,
  healingStatus,
  agentRun,
];
