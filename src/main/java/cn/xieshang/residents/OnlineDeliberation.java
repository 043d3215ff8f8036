package cn.xieshang.residents;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.deliberation.OnlineEntries;
import cn.xieshang.notice.NoticeBoard;
import cn.xieshang.validation.FormCheckByKey;
import cn.xieshang.validation.FormLabels;
import cn.xieshang.validation.InputRejectedException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * 线上协商 in the engine: which of a community's topics are open to residents online — gathering opinions (step 2,
 * {@code SubProcess_GatherOpinions}) or in publicity (step 7, {@code SubProcess_Publicity}) — and an entry left on one.
 * An opinion is checked by the rules of the stakeholders' form {@code give-opinion}; an objection is the resident's
 * {@code Task_RaiseObjection}, submitted through its form {@code raise-objection} as {@value ResidentsDoor#USER}, as in
 * Tasklist. Either way the entry reaches the committee as a message to the case, which opens its review
 * ({@link OnlineEntries}). Refused input stores nothing: it is all one transaction.
 */
@Component
class OnlineDeliberation {

    static final String PROCESS = "deliberation";
    static final String RAISE_OBJECTION = "Task_RaiseObjection";
    static final String ANONYMOUS_NAME = "匿名居民";
    static final int MAX_NAME = 20;
    /** The steps a case waits in while one of the two stages is open (the query finds cases by their waiting steps). */
    static final String[] WAITING = {"Task_GiveOpinion", RAISE_OBJECTION, "Task_HandleObjection"};

    /** The two steps that take entries online: where in the model, what the resident leaves, through which form. */
    enum Stage {
        OPINIONS("SubProcess_GatherOpinions", "征求意见中", "意见", "Timer_OpinionDeadline", "OnlineOpinionPosted",
                OnlineEntries.OPINION, "give-opinion", "opinion"),
        PUBLICITY("SubProcess_Publicity", "结果公示中", "异议", "Timer_PublicityEnds", "OnlineObjectionPosted",
                OnlineEntries.OBJECTION, "raise-objection", "objection");

        final String activity;
        final String label;
        final String entryName;
        final String deadline;
        final String message;
        final String kind;
        final String form;
        final String field;

        Stage(String activity, String label, String entryName, String deadline, String message, String kind, String form,
                String field) {
            this.activity = activity;
            this.label = label;
            this.entryName = entryName;
            this.deadline = deadline;
            this.message = message;
            this.kind = kind;
            this.form = form;
            this.field = field;
        }
    }

    record Topic(String id, String caseNumber, String communityId, String title, String description, String location,
            String category, Stage stage, Date until, String planContent) {
    }

    record Entry(String id, String kind, String name, String text, String at, String hiddenBecause) {
    }

    private final RuntimeService runtimeService;
    private final TaskService taskService;
    private final ManagementService managementService;
    private final ResidentsDoor door;
    private final FormCheckByKey forms;
    private final TransactionTemplate transaction;
    private final Map<String, String> categories = FormLabels.of("forms/raise-topic.form", "category");

    OnlineDeliberation(RuntimeService runtimeService, TaskService taskService, ManagementService managementService,
            ResidentsDoor door, FormCheckByKey forms, PlatformTransactionManager transactions) {
        this.runtimeService = runtimeService;
        this.taskService = taskService;
        this.managementService = managementService;
        this.door = door;
        this.forms = forms;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** The community's topics open online now, the newest first (at most 100). */
    List<Topic> open(String communityId) {
        List<Topic> topics = new ArrayList<>();
        for (ProcessInstance instance : runtimeService.createProcessInstanceQuery().processDefinitionKey(PROCESS)
                .tenantIdIn(communityId).activityIdIn(WAITING)
                .orderByProcessInstanceId().desc().listPage(0, 100)) {
            topic(instance).ifPresent(topics::add);
        }
        return topics;
    }

    /** The topic with this case number in this community, while it is open online. */
    Optional<Topic> topic(String communityId, String caseNumber) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(PROCESS).tenantIdIn(communityId)
                .processInstanceBusinessKey(caseNumber)
                .activityIdIn(WAITING).list().stream().findFirst()
                .flatMap(this::topic);
    }

    /** The case's topic, while it is open online. */
    Optional<Topic> ofCase(String processInstanceId) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(PROCESS).processInstanceId(processInstanceId)
                .activityIdIn(WAITING).list().stream().findFirst().flatMap(this::topic);
    }

    private Optional<Topic> topic(ProcessInstance instance) {
        ActivityInstance tree = runtimeService.getActivityInstance(instance.getId());
        Stage stage = null;
        for (Stage s : Stage.values()) {
            if (tree != null && tree.getActivityInstances(s.activity).length > 0) {
                stage = s;
            }
        }
        if (stage == null) {
            return Optional.empty();
        }
        Map<String, Object> v = runtimeService.getVariables(instance.getId(),
                List.of("title", "description", "location", "category", "planContent"));
        Job deadline = managementService.createJobQuery().processInstanceId(instance.getId()).activityId(stage.deadline)
                .singleResult();
        return Optional.of(new Topic(instance.getId(), instance.getBusinessKey(), instance.getTenantId(),
                CaseRecord.text(v.get("title")), CaseRecord.text(v.get("description")), CaseRecord.text(v.get("location")),
                categories.getOrDefault(CaseRecord.text(v.get("category")), ""), stage,
                deadline == null ? null : deadline.getDuedate(),
                stage == Stage.PUBLICITY ? CaseRecord.text(v.get("planContent")) : null));
    }

    /** The topic's online entries as residents read them: a hidden one by its reason, never its text. */
    List<Entry> entries(Topic topic) {
        Map<String, Object> v = runtimeService.getVariables(topic.id(), List.of(OnlineEntries.ENTRIES, OnlineEntries.MODERATIONS));
        List<Entry> entries = new ArrayList<>();
        for (Map<String, Object> e : CaseRecord.entries(v.get(OnlineEntries.ENTRIES))) {
            Optional<String> hidden = OnlineEntries.hiddenBecause(v.get(OnlineEntries.MODERATIONS), e.get("entry"));
            entries.add(new Entry(CaseRecord.text(e.get("entry")),
                    OnlineEntries.OBJECTION.equals(e.get("kind")) ? "异议" : "意见", CaseRecord.text(e.get("name")),
                    hidden.isPresent() ? null : CaseRecord.text(e.get("text")), CaseRecord.text(e.get("at")),
                    hidden.orElse(null)));
        }
        return entries;
    }

    /**
     * Leaves an entry on the topic in the stage it is in; returns the entry's number (W1, W2, …).
     *
     * @throws InputRejectedException with Chinese reasons, when the text or name breaks the rules, the topic has left
     *         the stage, or (publicity) another objection is being answered
     */
    String post(Topic topic, String text, String name, boolean anonymous) {
        String shownAs;
        if (anonymous) {
            shownAs = ANONYMOUS_NAME;
        } else if (name == null || name.isBlank()) {
            throw new InputRejectedException("请填写称呼(如“王女士”“3号楼居民”), 或选择匿名发表。");
        } else if (name.strip().length() > MAX_NAME || name.matches(".*[<>].*")) {
            throw new InputRejectedException("称呼最多 " + MAX_NAME + " 个字, 且不能含有 < 或 >。");
        } else {
            shownAs = name.strip();
        }
        List<String> problems = forms.problems(topic.stage().form, textOf(topic.stage(), text));
        if (!problems.isEmpty()) {
            throw new InputRejectedException(problems);
        }
        return transaction.execute(status -> {
            Optional<Topic> now = topic(topic.communityId(), topic.caseNumber());
            if (now.isEmpty() || now.get().stage() != topic.stage()) {
                throw new InputRejectedException("本议题的" + topic.stage().label.replace("中", "") + "已经结束, 不再接受网上" + topic.stage().entryName + "。");
            }
            String entryId = "W" + (CaseRecord.entries(runtimeService.getVariable(topic.id(), OnlineEntries.ENTRIES)).size() + 1);
            if (topic.stage() == Stage.PUBLICITY) {
                Task raise = taskService.createTaskQuery().processInstanceId(topic.id()).taskDefinitionKey(RAISE_OBJECTION)
                        .singleResult();
                if (raise == null) {
                    throw new InputRejectedException("本议题有一条异议正在由社区党委处理: 答复公示后, 您可以再提出异议。");
                }
                runtimeService.setVariable(topic.id(), NoticeBoard.ONLINE_OBJECTION, entryId);
                door.submit(raise, textOf(topic.stage(), text));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("entryId", entryId);
            entry.put("entryKind", topic.stage().kind);
            entry.put("entryKindName", topic.stage().entryName);
            entry.put("entryText", text.strip());
            entry.put("entryName", shownAs);
            entry.put("entryAnonymous", anonymous);
            runtimeService.createMessageCorrelation(topic.stage().message).processInstanceId(topic.id())
                    .setVariablesToTriggeredScope(entry).correlateWithResult();
            return entryId;
        });
    }

    private static Map<String, Object> textOf(Stage stage, String text) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(stage.field, text == null || text.isBlank() ? null : text.strip());
        return values;
    }
}
