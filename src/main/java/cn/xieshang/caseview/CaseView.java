package cn.xieshang.caseview;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.deliberation.People;
import cn.xieshang.organisation.Role;
import cn.xieshang.security.RequesterPrivacyPlugin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.springframework.stereotype.Component;

/**
 * A case as a manager reads it in Cockpit, in Chinese: its title, number, community and requester (unless anonymous;
 * the requester's identity is kept on the running case only), where it stands (open tasks, since when, who holds
 * them, until when), the steps taken so far, and its record in sections ({@link CaseRecordView}).
 * Read with the caller's own rights: a case of a community the caller does not belong to, or that the caller may not
 * read, is not found, running or finished.
 */
@Component
public class CaseView {

    /** Activities a person reads as steps. */
    static final Set<String> STEPS = Set.of("userTask", "callActivity", "businessRuleTask", "serviceTask", "noneEndEvent",
            "startEvent");

    private final HistoryService historyService;
    private final RuntimeService runtimeService;
    private final TaskService taskService;
    private final RepositoryService repositoryService;
    private final People people;
    private final ProcessEngineConfigurationImpl engine;
    private final CaseRecordView record;

    CaseView(HistoryService historyService, RuntimeService runtimeService, TaskService taskService,
            RepositoryService repositoryService, People people, ProcessEngine engine, CaseRecordView record) {
        this.historyService = historyService;
        this.runtimeService = runtimeService;
        this.taskService = taskService;
        this.repositoryService = repositoryService;
        this.people = people;
        this.engine = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        this.record = record;
    }

    /** A person's display name (managers may not read user accounts; the view names who holds and who took a step). */
    private String nameOf(String userId) {
        return engine.getCommandExecutorTxRequired().execute(context -> people.nameOf(userId));
    }

    /** The case, or empty when it does not exist for the authenticated caller. */
    public Optional<Map<String, Object>> of(String processInstanceId) {
        HistoricProcessInstance instance = historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId).singleResult();
        if (instance == null) {
            return Optional.empty();
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        historyService.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).list().stream()
                .filter(v -> v.getTaskId() == null && processInstanceId.equals(v.getExecutionId()))
                .forEach(v -> variables.put(v.getName(), value(v)));
        boolean running = instance.getEndTime() == null;
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", processInstanceId);
        view.put("caseNumber", instance.getBusinessKey());
        view.put("title", text(variables.get("title")));
        view.put("process", instance.getProcessDefinitionName());
        view.put("community", text(variables.get("communityName")));
        view.put("street", text(variables.get("streetName")));
        view.put("state", running ? "办理中" : "已结束");
        view.put("started", format(instance.getStartTime()));
        view.put("ended", format(instance.getEndTime()));
        view.put("requester", requester(processInstanceId, running, variables));
        view.put("open", running ? open(processInstanceId) : List.of());
        view.put("steps", steps(processInstanceId));
        view.put("record", record.of(instance.getProcessDefinitionId(), processInstanceId, variables, this::nameOf));
        return Optional.of(view);
    }

    /** A file of the case (a written summary, a report: a file variable), when the caller may read the case. */
    public Optional<FileValue> file(String processInstanceId, String variable) {
        if (historyService.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).count() == 0) {
            return Optional.empty();
        }
        return historyService.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId)
                .variableName(variable).list().stream()
                .filter(v -> processInstanceId.equals(v.getExecutionId()) && v.getTypedValue() instanceof FileValue)
                .map(v -> (FileValue) v.getTypedValue()).findFirst();
    }

    /** What a manager may search cases by; every field optional. */
    public record Search(String caseNumber, String title, String community, Date startedFrom, Date startedBefore,
            String state, String outcome) {
    }

    /**
     * The caller's cases matching the search, newest first, at most {@code limit}: running and finished, each with its
     * number, title, process, community, state, start, end and outcome (the name of the end it reached).
     */
    public List<Map<String, Object>> search(Search search, int limit) {
        HistoricProcessInstanceQuery query = historyService.createHistoricProcessInstanceQuery();
        if (search.caseNumber() != null) {
            query.processInstanceBusinessKeyLike("%" + search.caseNumber() + "%");
        }
        if (search.title() != null) {
            query.variableValueLike("title", "%" + search.title() + "%");
        }
        if (search.community() != null) {
            query.variableValueLike("communityName", "%" + search.community() + "%");
        }
        if (search.startedFrom() != null) {
            query.startedAfter(search.startedFrom());
        }
        if (search.startedBefore() != null) {
            query.startedBefore(search.startedBefore());
        }
        if ("running".equals(search.state())) {
            query.unfinished();
        } else if ("finished".equals(search.state())) {
            query.finished();
        }
        // cases, not the cases they call (an escalation, a deliberation called by a concern): those show in their case
        query.rootProcessInstances();
        List<HistoricProcessInstance> found = query.orderByProcessInstanceStartTime().desc()
                .listPage(0, search.outcome() == null ? limit : MAX_SCANNED_FOR_OUTCOME);
        return rows(found, search.outcome(), limit);
    }

    /**
     * The given cases that the caller may read (running and finished, called ones too), newest first, as
     * {@link #search} lists them: how the dashboard lists the cases behind one of its numbers.
     */
    public List<Map<String, Object>> cases(Collection<String> processInstanceIds) {
        if (processInstanceIds.isEmpty()) {
            return List.of();
        }
        List<HistoricProcessInstance> found = historyService.createHistoricProcessInstanceQuery()
                .processInstanceIds(Set.copyOf(processInstanceIds)).orderByProcessInstanceStartTime().desc().list();
        return rows(found, null, found.size());
    }

    private List<Map<String, Object>> rows(List<HistoricProcessInstance> found, String outcomeSought, int limit) {
        Map<String, Map<String, Object>> facts = new LinkedHashMap<>();
        if (!found.isEmpty()) {
            historyService.createHistoricVariableInstanceQuery()
                    .processInstanceIdIn(found.stream().map(HistoricProcessInstance::getId).toArray(String[]::new))
                    .variableNameIn("title", "communityName").disableBinaryFetching().list()
                    .forEach(v -> facts.computeIfAbsent(v.getProcessInstanceId(), k -> new LinkedHashMap<>())
                            .put(v.getName(), v.getValue()));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (HistoricProcessInstance instance : found) {
            String outcome = outcome(instance);
            if (outcomeSought != null && (outcome == null || !outcome.contains(outcomeSought))) {
                continue;
            }
            Map<String, Object> of = facts.getOrDefault(instance.getId(), Map.of());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", instance.getId());
            row.put("caseNumber", instance.getBusinessKey());
            row.put("title", text(of.get("title")));
            row.put("process", instance.getProcessDefinitionName());
            row.put("community", text(of.get("communityName")));
            row.put("state", instance.getEndTime() == null ? "办理中" : "已结束");
            row.put("started", format(instance.getStartTime()));
            row.put("ended", format(instance.getEndTime()));
            row.put("outcome", outcome);
            rows.add(row);
            if (rows.size() == limit) {
                break;
            }
        }
        return rows;
    }

    /** How many of the newest cases a search by outcome looks through (the outcome is the end's name in the model). */
    static final int MAX_SCANNED_FOR_OUTCOME = 1000;

    private String outcome(HistoricProcessInstance instance) {
        if (instance.getEndActivityId() == null) {
            return null;
        }
        FlowNode end = repositoryService.getBpmnModelInstance(instance.getProcessDefinitionId())
                .getModelElementById(instance.getEndActivityId());
        return end == null ? instance.getEndActivityId() : end.getName();
    }

    private String requester(String processInstanceId, boolean running, Map<String, Object> variables) {
        if (Boolean.TRUE.equals(variables.get(RequesterPrivacyPlugin.ANONYMOUS))) {
            return "匿名(背靠背)";
        }
        if (!running) {
            return "实名(办结后不保留提出人信息)";
        }
        Object name = runtimeService.getVariable(processInstanceId, "requesterName");
        Object contact = runtimeService.getVariable(processInstanceId, "requesterContact");
        return name == null ? null : name + (contact == null ? "" : "(" + contact + ")");
    }

    private List<Map<String, Object>> open(String processInstanceId) {
        List<Map<String, Object>> open = new ArrayList<>();
        for (Task task : taskService.createTaskQuery().processInstanceId(processInstanceId).orderByTaskCreateTime().asc()
                .list()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", task.getName());
            row.put("since", format(task.getCreateTime()));
            row.put("holder", holder(task));
            row.put("due", format(task.getDueDate()));
            open.add(row);
        }
        return open;
    }

    private String holder(Task task) {
        if (task.getAssignee() != null) {
            return nameOf(task.getAssignee());
        }
        List<String> who = new ArrayList<>();
        for (IdentityLink link : taskService.getIdentityLinksForTask(task.getId())) {
            if (IdentityLinkType.CANDIDATE.equals(link.getType())) {
                who.add(link.getUserId() != null ? nameOf(link.getUserId()) : roleName(link.getGroupId()));
            }
        }
        return String.join("、", who);
    }

    private String roleName(String groupId) {
        return Role.byGroupId(groupId).map(Role::chineseName).orElse(groupId);
    }

    private List<Map<String, Object>> steps(String processInstanceId) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (HistoricActivityInstance activity : historyService.createHistoricActivityInstanceQuery()
                .processInstanceId(processInstanceId).orderByHistoricActivityInstanceStartTime().asc()
                .orderPartiallyByOccurrence().asc().list()) {
            if (!STEPS.contains(activity.getActivityType()) || activity.getActivityName() == null) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", activity.getActivityName());
            row.put("started", format(activity.getStartTime()));
            row.put("ended", format(activity.getEndTime()));
            row.put("by", activity.getAssignee() == null ? null : nameOf(activity.getAssignee()));
            steps.add(row);
        }
        return steps;
    }

    private static Object value(HistoricVariableInstance variable) {
        Object value = variable.getValue();
        if (variable.getTypedValue() instanceof FileValue file) {
            return new CaseRecordView.CaseFile(file.getFilename());
        }
        return value;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    static String format(Date date) {
        return CaseRecord.minute(date);
    }
}
