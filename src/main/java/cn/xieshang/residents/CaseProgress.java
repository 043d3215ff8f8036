package cn.xieshang.residents;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.organisation.Role;
import cn.xieshang.validation.FormLabels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * A concern's progress as its requester reads it, in plain Chinese: received, dispatched to which role or unit with
 * which time limit, handed up to which level, the result, the ratings and the reopening. Read from the engine's
 * history (so a finished case reads too) with no user's rights. It never contains a person: no requester name or
 * contact (history never holds them), no staff user id or name (roles and levels instead), no internal notes
 * (dispatch notes, return reasons, the levels' instructions).
 */
@Component
class CaseProgress {

    private static final Map<String, String> ENDS = Map.of(
            "EndEvent_ConcernSettled", "已办结, 您对结果表示满意",
            "EndEvent_ConcernAnswered", "已办结",
            "EndEvent_ConcernClosedUnsatisfied", "已办结: 重新办理后仍不满意, 已存档",
            "EndEvent_ConcernReferred", "不属于社区办理的事项, 已转办");

    private final HistoryService historyService;
    private final RuntimeService runtimeService;
    private final TaskService taskService;
    private final IdentityService identityService;
    private final Map<String, String> categories = FormLabels.of("forms/raise-concern.form", "category");

    CaseProgress(HistoryService historyService, RuntimeService runtimeService, TaskService taskService,
            IdentityService identityService) {
        this.historyService = historyService;
        this.runtimeService = runtimeService;
        this.taskService = taskService;
        this.identityService = identityService;
    }

    /** The page's model: facts, steps so far, what is open now, whether the requester may rate (and reopen). */
    Map<String, Object> of(String processInstanceId) {
        HistoricProcessInstance instance = historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId).singleResult();
        Map<String, Object> v = new HashMap<>();
        for (HistoricVariableInstance variable : historyService.createHistoricVariableInstanceQuery()
                .processInstanceId(processInstanceId).disableCustomObjectDeserialization().list()) {
            Object value;
            try {
                value = variable.getValue();
            } catch (IllegalStateException serialized) {
                continue; // a Java-serialized object (set through the Java API): the page needs none of those
            }
            if (value != null) {
                v.put(variable.getName(), value);
            }
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("caseNumber", instance.getBusinessKey());
        model.put("title", CaseRecord.text(v.get("title")));
        model.put("category", categories.getOrDefault(CaseRecord.text(v.get("category")), ""));
        model.put("location", CaseRecord.text(v.get("location")));
        model.put("community", CaseRecord.text(v.get("communityName")));
        model.put("street", CaseRecord.text(v.get("streetName")));
        model.put("received", CaseRecord.minute(instance.getStartTime()));
        model.put("anonymous", Boolean.TRUE.equals(v.get("anonymous")));
        boolean ended = instance.getEndTime() != null;
        model.put("ended", ended);
        model.put("state", ended ? ENDS.getOrDefault(instance.getEndActivityId(), "已结束") : "办理中");
        boolean topic = ResidentsDoor.TOPIC.equals(instance.getProcessDefinitionKey());
        model.put("topic", topic);
        model.put("communityId", instance.getTenantId());
        if (topic) {
            String end = ended ? endName(instance) : null;
            model.put("state", ended ? end : "协商中");
            model.put("steps", topicSteps(v, instance, end));
            String result = topicResult(v);
            model.put("result", result);
            model.put("hasResult", result != null);
        } else {
            model.put("steps", steps(v, instance));
            model.put("result", CaseRecord.text(v.get("concernResult")));
            model.put("hasResult", v.get("concernResult") != null);
        }
        List<Map<String, Object>> open = ended ? List.of() : open(processInstanceId);
        model.put("open", open);
        model.put("hasOpen", !open.isEmpty());
        boolean rating = !ended && open.stream().anyMatch(o -> ResidentsDoor.RATE_TASK.equals(o.get("key")));
        int reopened = v.get("reopenCount") instanceof Number n ? n.intValue() : 0;
        model.put("canRate", rating);
        model.put("canReopen", rating && reopened < 1);
        model.put("lastChance", rating && reopened >= 1);
        return model;
    }

    private List<Map<String, Object>> steps(Map<String, Object> v, HistoricProcessInstance instance) {
        List<Map<String, Object>> steps = new ArrayList<>();
        steps.add(step(CaseRecord.minute(instance.getStartTime()), "诉求已受理, 案件编号 " + instance.getBusinessKey()
                + (v.get("triageLevelName") == null ? "" : ", 办理层级: " + v.get("triageLevelName"))));
        List<Map<String, Object>> handOvers = CaseRecord.entries(v.get("escalationHistory"));
        for (Map<String, Object> entry : CaseRecord.entries(v.get("concernLog"))) {
            String at = CaseRecord.text(entry.get("at"));
            String text = switch (CaseRecord.text(entry.get("step"))) {
                case "dispatch" -> dispatch(entry);
                case "accepted" -> "承办人已接单";
                case "returned" -> "承办人退回, 社区重新交办";
                case "handled" -> "beyond-power".equals(entry.get("outcome")) ? "承办人认为超出职权, 提请上一级办理" : "承办人已办理完毕";
                case "escalated" -> "deadline".equals(entry.get("reason")) ? "办理期限已过, 自动上交上一级" : "上交上一级办理";
                case "settled" -> "已有办理结果" + level(entry, v);
                case "rated" -> (ResidentsDoor.USER.equals(entry.get("by")) ? "您的评价: " : "社区回访: ")
                        + ("yes".equals(entry.get("satisfied")) ? "满意" : "不满意");
                case "reopened" -> "因不满意重新办理";
                default -> null;
            };
            if (text != null) {
                steps.add(step(at, text));
            }
        }
        for (Map<String, Object> handOver : handOvers) {
            if ("hand-over".equals(handOver.get("type")) && handOver.get("toName") != null) {
                steps.add(step(CaseRecord.text(handOver.get("at")), "已交" + handOver.get("toName") + "办理"));
            } else if ("send-down".equals(handOver.get("type")) && handOver.get("toName") != null) {
                steps.add(step(CaseRecord.text(handOver.get("at")), "发回" + handOver.get("toName") + "继续办理"));
            }
        }
        if (v.get("deliberationCaseNumber") != null) {
            steps.add(step(CaseRecord.minute(instance.getEndTime()), "社区协商议事 " + v.get("deliberationCaseNumber") + " 已有结果"));
        }
        if (instance.getEndTime() != null) {
            steps.add(step(CaseRecord.minute(instance.getEndTime()), ENDS.getOrDefault(instance.getEndActivityId(), "已结束")));
        }
        steps.sort(java.util.Comparator.comparing(s -> CaseRecord.text(s.get("at")))); // stable: same minute keeps order
        return steps;
    }

    /**
     * A topic's seven steps as far as they went: each step of the model done (its name, once), the committee's
     * decision, the vote, and the end the model reached, by the names the model gives them.
     */
    private List<Map<String, Object>> topicSteps(Map<String, Object> v, HistoricProcessInstance instance, String end) {
        List<Map<String, Object>> steps = new ArrayList<>();
        steps.add(step(CaseRecord.minute(instance.getStartTime()), "议题已提交, 案件编号 " + instance.getBusinessKey()));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (org.camunda.bpm.engine.history.HistoricActivityInstance done : historyService.createHistoricActivityInstanceQuery()
                .processInstanceId(instance.getId()).activityType("userTask").finished()
                .orderPartiallyByOccurrence().asc().list()) {
            if (seen.add(done.getActivityId())) {
                steps.add(step(CaseRecord.minute(done.getEndTime()), done.getActivityName() + " · 已完成"));
            }
        }
        if (end != null) {
            steps.add(step(CaseRecord.minute(instance.getEndTime()), end));
        }
        steps.sort(java.util.Comparator.comparing(s -> CaseRecord.text(s.get("at"))));
        return steps;
    }

    private static String topicResult(Map<String, Object> v) {
        if ("reject".equals(v.get("decision"))) {
            return "社区党委决定不予受理: " + CaseRecord.text(v.get("rejectionReason"));
        }
        if ("merge".equals(v.get("decision"))) {
            return "已与议题 " + CaseRecord.text(v.get("mergedInto")) + " 合并办理";
        }
        if (v.get("voteResult") != null) {
            return "居民代表会议表决: " + v.get("voteResult");
        }
        return "accept".equals(v.get("decision")) ? "社区党委已受理, 正在按“七步工作法”协商" : null;
    }

    private String endName(HistoricProcessInstance instance) {
        return historyService.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
                .activityId(instance.getEndActivityId()).list().stream().map(a -> a.getActivityName())
                .filter(java.util.Objects::nonNull).findFirst().orElse("已结束");
    }

    private String dispatch(Map<String, Object> entry) {
        return switch (CaseRecord.text(entry.get("decision"))) {
            case "assign" -> "社区已派单给" + roleOf(CaseRecord.text(entry.get("handler"))) + "办理"
                    + (entry.get("deadline") == null ? "" : ", 办理时限至 " + entry.get("deadline"));
            case "deliberate" -> "社区决定提交社区协商议事(七步工作法)";
            case "escalate" -> "社区认为超出本级职权, 上交街道";
            case "refer" -> "不属于社区办理的事项, 转交" + CaseRecord.text(entry.get("referredTo"));
            default -> "社区已交办";
        };
    }

    private static String level(Map<String, Object> entry, Map<String, Object> v) {
        Object name = switch (CaseRecord.text(entry.get("source"))) {
            case "handler" -> v.get("triageLevelName");
            case "escalation" -> v.get("settledLevelName");
            case "deliberation" -> "社区协商议事";
            default -> null;
        };
        return name == null ? "" : "(" + name + ")";
    }

    /** The role a handler acts in (网格员, 物业公司 …), never who they are. */
    private String roleOf(String userId) {
        List<Group> groups = identityService.createGroupQuery().groupMember(userId).list();
        return groups.stream().map(g -> Role.byGroupId(g.getId())).flatMap(java.util.Optional::stream)
                .filter(r -> r != Role.RESIDENT).map(Role::chineseName).findFirst().orElse("承办人");
    }

    /** The open steps of the case and the cases it called: step, who (roles, never people), due. */
    private List<Map<String, Object>> open(String processInstanceId) {
        List<String> tree = new ArrayList<>(List.of(processInstanceId));
        for (int i = 0; i < tree.size(); i++) {
            runtimeService.createProcessInstanceQuery().superProcessInstanceId(tree.get(i)).list()
                    .forEach(p -> tree.add(p.getId()));
        }
        List<Map<String, Object>> open = new ArrayList<>();
        for (Task task : taskService.createTaskQuery().processInstanceIdIn(tree.toArray(String[]::new)).list()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("key", task.getTaskDefinitionKey());
            boolean mine = ResidentsDoor.RATE_TASK.equals(task.getTaskDefinitionKey());
            o.put("step", mine ? "请您评价办理结果" : task.getName());
            o.put("who", mine ? "" : holders(task));
            o.put("due", CaseRecord.minute(task.getDueDate()));
            o.put("hasDue", task.getDueDate() != null);
            if (open.stream().noneMatch(x -> x.get("step").equals(o.get("step")) && x.get("who").equals(o.get("who")))) {
                open.add(o);
            }
        }
        return open;
    }

    private String holders(Task task) {
        if (task.getAssignee() != null) {
            return roleOf(task.getAssignee());
        }
        java.util.SortedSet<Role> roles = new java.util.TreeSet<>();
        for (IdentityLink link : taskService.getIdentityLinksForTask(task.getId())) {
            if (link.getGroupId() != null) {
                Role.byGroupId(link.getGroupId()).ifPresent(roles::add);
            }
        }
        return roles.isEmpty() ? "社区" : String.join("、", roles.stream().map(Role::chineseName).toList());
    }

    private static Map<String, Object> step(String at, String text) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("at", at == null ? "" : at);
        step.put("text", text);
        return step;
    }
}
