package cn.xieshang.migration;

import cn.xieshang.statistics.ManagerRequests.Refused;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.migration.MigrationPlanExecutionBuilderImpl;
import org.camunda.bpm.engine.migration.MigratingActivityInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigratingTransitionInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationInstructionBuilder;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanBuilder;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CatchEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.SignalEventDefinition;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Carries the running cases of a process from every older version to the latest: one migration plan per older
 * version that still has cases — same ids map themselves (timers, messages and signals take the new version's
 * definition), renamed ids as {@code processes/<key>.migration.yaml} says — checked by the engine, plan and cases
 * alike, before anything moves. A dry run only reports; a migration moves nothing unless every plan and every case
 * passes, and then runs as one asynchronous batch per older version (Cockpit → 批处理 / Batches).
 */
@Component
public class CaseMigration {

    private final ProcessEngine engine;
    private final RepositoryService repositoryService;
    private final RuntimeService runtimeService;

    CaseMigration(ProcessEngine engine) {
        this.engine = engine;
        this.repositoryService = engine.getRepositoryService();
        this.runtimeService = engine.getRuntimeService();
    }

    /** A step a case is at: the activity's id and its name in the model. */
    public record Step(String id, String name) {
    }

    /** Why something cannot move: in Chinese, with the engine's own words and the step concerned (if any). */
    public record Reason(Step step, String reason, String engine) {
    }

    public record Instruction(String from, String to, boolean updateEventTrigger) {
    }

    /** An older version with running cases: its plan to the latest version, and what is wrong with the plan. */
    public record Source(int version, String definitionId, int cases, boolean planValid, List<Instruction> instructions,
            List<Reason> problems) {
    }

    /** A case as the report lists it: its case number, its version, the steps it is at, and why it cannot move. */
    public record Case(String caseNumber, String processInstanceId, int version, List<Step> steps, List<Reason> reasons) {
    }

    public record BatchStarted(String id, int fromVersion, int cases) {
    }

    /** The dry run's answer, and the migration's when it moved the cases ({@code batches}). */
    public record Report(String process, String processName, int targetVersion, String targetDefinitionId,
            MigrationMapping mapping, List<String> unusedMappings, List<Source> sources, List<Case> movable,
            List<Case> blocked, List<BatchStarted> batches, String message) {

        boolean passes() {
            return blocked.isEmpty() && sources.stream().allMatch(Source::planValid);
        }

        Report with(List<BatchStarted> started, String text) {
            return new Report(process, processName, targetVersion, targetDefinitionId, mapping, unusedMappings, sources,
                    movable, blocked, started, text);
        }
    }

    /** A migration refused by the checks: the report says why; nothing was changed. */
    public static class Refusal extends RuntimeException {

        public final transient Report report;

        Refusal(Report report) {
            super(report.message());
            this.report = report;
        }
    }

    /** What would move and what could not, changing nothing. */
    public Report dryRun(String processKey, Set<String> caseNumbers) {
        Report report = check(processKey, caseNumbers).report();
        return report.with(List.of(), summary(report, true));
    }

    /**
     * Moves the cases as batches, or refuses (nothing changed) when a plan or a case fails the engine's checks. The
     * batches of all versions are created in one transaction: all or none.
     */
    @Transactional
    public Report migrate(String processKey, Set<String> caseNumbers) {
        Checked checked = check(processKey, caseNumbers);
        Report report = checked.report();
        if (!report.passes()) {
            throw new Refusal(report.with(List.of(), "迁移计划或案件没有通过引擎的校验, 没有迁移任何案件: " + summary(report, false)));
        }
        List<BatchStarted> started = new ArrayList<>();
        for (Plan plan : checked.plans()) {
            if (plan.processInstanceIds().isEmpty()) {
                continue;
            }
            Batch batch = runtimeService.newMigration(plan.plan()).processInstanceIds(plan.processInstanceIds()).executeAsync();
            started.add(new BatchStarted(batch.getId(), plan.version(), plan.processInstanceIds().size()));
        }
        String text = started.isEmpty() ? "没有需要迁移的案件"
                : "已提交迁移: " + report.movable().size() + " 个案件迁移到第 " + report.targetVersion()
                        + " 版, 共 " + started.size() + " 个批处理, 可在监控中心(Cockpit)的批处理(Batches)中查看进度";
        return report.with(started, text);
    }

    private record Plan(int version, MigrationPlan plan, List<String> processInstanceIds) {
    }

    private record Checked(Report report, List<Plan> plans) {
    }

    private Checked check(String processKey, Set<String> caseNumbers) {
        if (processKey == null || processKey.isBlank()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "请给出流程的标识(如 deliberation、concern)");
        }
        List<ProcessDefinition> versions = repositoryService.createProcessDefinitionQuery().processDefinitionKey(processKey)
                .withoutTenantId().orderByProcessDefinitionVersion().desc().list();
        if (versions.isEmpty()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "没有标识为「" + processKey + "」的流程");
        }
        ProcessDefinition target = versions.get(0);
        MigrationMapping mapping = MigrationMapping.of(processKey, target, repositoryService);
        Models models = new Models();
        BpmnModelInstance targetModel = models.of(target.getId());

        Set<String> wanted = caseNumbers == null ? Set.of() : caseNumbers;
        Set<String> found = new LinkedHashSet<>();
        Set<String> usedMappings = new LinkedHashSet<>();
        List<Source> sources = new ArrayList<>();
        List<Case> movable = new ArrayList<>();
        List<Case> blocked = new ArrayList<>();
        List<Plan> plans = new ArrayList<>();

        for (ProcessDefinition source : versions.subList(1, versions.size())) {
            List<ProcessInstance> running = runtimeService.createProcessInstanceQuery().processDefinitionId(source.getId())
                    .list().stream().filter(p -> wanted.isEmpty() || wanted.contains(p.getBusinessKey())).toList();
            if (running.isEmpty()) {
                continue;
            }
            running.forEach(p -> found.add(p.getBusinessKey()));
            BpmnModelInstance sourceModel = models.of(source.getId());
            MigrationPlanBuilder builder = planBuilder(source, target, sourceModel, targetModel, mapping, usedMappings);
            MigrationPlan plan;
            try {
                plan = builder.build();
            } catch (MigrationPlanValidationException invalid) {
                sources.add(new Source(source.getVersion(), source.getId(), running.size(), false, List.of(),
                        planProblems(invalid, sourceModel, mapping)));
                Reason reason = new Reason(null, "第 " + source.getVersion() + " 版到第 " + target.getVersion()
                        + " 版的迁移计划无效(见 sources 中的 problems)", invalid.getMessage());
                running.forEach(p -> blocked.add(caseLine(p, source, sourceModel, List.of(reason))));
                continue;
            }
            sources.add(new Source(source.getVersion(), source.getId(), running.size(), true,
                    plan.getInstructions().stream().map(i -> new Instruction(i.getSourceActivityId(), i.getTargetActivityId(),
                            i.isUpdateEventTrigger())).toList(), List.of()));

            Map<String, Long> mailsPending = unboundJobs(source);
            List<ProcessInstance> checkable = new ArrayList<>();
            for (ProcessInstance p : running) {
                if (mailsPending.containsKey(p.getId())) {
                    blocked.add(caseLine(p, source, sourceModel, List.of(new Reason(null, "这个案件还有 "
                            + mailsPending.get(p.getId()) + " 封任务邮件没有发出(在排队, 或发送失败后成了监控中心里的事件):"
                            + " 邮件发出、或管理员处理了失败的邮件后再迁移", null))));
                } else {
                    checkable.add(p);
                }
            }
            Map<String, MigratingProcessInstanceValidationReport> reports = checkCases(plan, checkable);
            List<String> canMove = new ArrayList<>();
            for (ProcessInstance p : checkable) {
                Case line = caseLine(p, source, sourceModel, caseProblems(reports.get(p.getId()), sourceModel, targetModel, mapping));
                if (line.reasons().isEmpty()) {
                    movable.add(line);
                    canMove.add(p.getId());
                } else {
                    blocked.add(line);
                }
            }
            plans.add(new Plan(source.getVersion(), plan, canMove));
        }

        Set<String> missing = new LinkedHashSet<>(wanted);
        missing.removeAll(found);
        if (!missing.isEmpty()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "参数「案件编号(cases)」中这些案件不是「" + processKey
                    + "」旧版本上正在办理的案件: " + String.join("、", missing));
        }
        List<String> unused = mapping.activities().keySet().stream().filter(id -> !usedMappings.contains(id)).toList();
        Report report = new Report(processKey, target.getName(), target.getVersion(), target.getId(), mapping, unused,
                sources, movable, blocked, List.of(), "");
        return new Checked(report, plans);
    }

    /**
     * Same ids map themselves, with their timers, messages and signals as the new version defines them; the migration
     * file's lines for activities this version has map as the designer says.
     */
    private MigrationPlanBuilder planBuilder(ProcessDefinition source, ProcessDefinition target, BpmnModelInstance sourceModel,
            BpmnModelInstance targetModel, MigrationMapping mapping, Set<String> usedMappings) {
        MigrationPlanBuilder builder = runtimeService.createMigrationPlan(source.getId(), target.getId())
                .mapEqualActivities().updateEventTriggers();
        for (Map.Entry<String, String> renamed : mapping.activities().entrySet()) {
            if (!(sourceModel.getModelElementById(renamed.getKey()) instanceof FlowNode)) {
                continue; // a renaming of another version's activity
            }
            usedMappings.add(renamed.getKey());
            MigrationInstructionBuilder instruction = builder.mapActivities(renamed.getKey(), renamed.getValue());
            builder = persistentTrigger(sourceModel.getModelElementById(renamed.getKey()))
                    && persistentTrigger(targetModel.getModelElementById(renamed.getValue()))
                    ? instruction.updateEventTrigger() : instruction;
        }
        return builder;
    }

    /**
     * Per case, its jobs bound to none of its executions: the task mails ({@code TaskMailPlugin}), which the engine's
     * migration fails on, so such a case waits until its mails are out.
     */
    private Map<String, Long> unboundJobs(ProcessDefinition source) {
        Map<String, Long> unbound = new HashMap<>();
        engine.getManagementService().createJobQuery().processDefinitionId(source.getId()).list().stream()
                .filter(job -> job.getExecutionId() == null && job.getProcessInstanceId() != null)
                .forEach(job -> unbound.merge(job.getProcessInstanceId(), 1L, Long::sum));
        return unbound;
    }

    /** The engine's check of each case against the plan, migrating nothing ({@link InstanceCheck}). */
    private Map<String, MigratingProcessInstanceValidationReport> checkCases(MigrationPlan plan, List<ProcessInstance> cases) {
        if (cases.isEmpty()) {
            return Map.of();
        }
        InstanceCheck check = new InstanceCheck((MigrationPlanExecutionBuilderImpl) runtimeService.newMigration(plan)
                .processInstanceIds(cases.stream().map(ProcessInstance::getId).toList()));
        ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired().execute(check);
        return check.reports();
    }

    private Case caseLine(ProcessInstance p, ProcessDefinition source, BpmnModelInstance sourceModel, List<Reason> reasons) {
        return new Case(p.getBusinessKey(), p.getId(), source.getVersion(), steps(p.getId(), sourceModel), reasons);
    }

    private static String summary(Report report, boolean dryRun) {
        if (report.sources().isEmpty()) {
            return "旧版本上没有正在办理的案件, 不需要迁移(最新为第 " + report.targetVersion() + " 版)";
        }
        long invalidPlans = report.sources().stream().filter(s -> !s.planValid()).count();
        return report.movable().size() + " 个案件可以迁移到第 " + report.targetVersion() + " 版, "
                + report.blocked().size() + " 个案件不能迁移"
                + (invalidPlans > 0 ? "(" + invalidPlans + " 个旧版本的迁移计划无效)" : "")
                + (dryRun ? "; 这是试运行, 没有改动任何案件" : "");
    }

    private List<Reason> planProblems(MigrationPlanValidationException invalid, BpmnModelInstance sourceModel,
            MigrationMapping mapping) {
        List<Reason> problems = new ArrayList<>();
        for (MigrationInstructionValidationReport instruction : invalid.getValidationReport().getInstructionReports()) {
            MigrationInstruction i = instruction.getMigrationInstruction();
            Step from = step(sourceModel, i.getSourceActivityId());
            boolean renamed = i.getTargetActivityId().equals(mapping.activities().get(i.getSourceActivityId()));
            for (String failure : instruction.getFailures()) {
                String why = failure.contains("does not exist")
                        ? "新版本中没有活动「" + i.getTargetActivityId() + "」"
                        : "「" + name(from) + "」不能对应到新版本的「" + i.getTargetActivityId() + "」";
                problems.add(new Reason(from, why + (renamed ? "(见迁移文件 " + mapping.file() + ")" : ""), failure));
            }
        }
        invalid.getValidationReport().getVariableReports().forEach((variable, report) -> report.getFailures()
                .forEach(failure -> problems.add(new Reason(null, "迁移变量「" + variable + "」有误", failure))));
        if (problems.isEmpty()) {
            problems.add(new Reason(null, "迁移计划无效", invalid.getMessage()));
        }
        return problems;
    }

    private List<Reason> caseProblems(MigratingProcessInstanceValidationReport report, BpmnModelInstance sourceModel,
            BpmnModelInstance targetModel, MigrationMapping mapping) {
        List<Reason> reasons = new ArrayList<>();
        if (report == null) {
            return List.of(new Reason(null, "引擎没有校验这个案件", null));
        }
        report.getFailures().forEach(f -> reasons.add(new Reason(null, "这个案件不能迁移", f)));
        for (MigratingActivityInstanceValidationReport activity : report.getActivityInstanceReports()) {
            activity.getFailures().forEach(f -> reasons.add(stepReason(activity.getSourceScopeId(), f, sourceModel,
                    targetModel, mapping)));
        }
        for (MigratingTransitionInstanceValidationReport transition : report.getTransitionInstanceReports()) {
            transition.getFailures().forEach(f -> reasons.add(stepReason(transition.getSourceScopeId(), f, sourceModel,
                    targetModel, mapping)));
        }
        return reasons;
    }

    private Reason stepReason(String activityId, String failure, BpmnModelInstance sourceModel,
            BpmnModelInstance targetModel, MigrationMapping mapping) {
        Step step = step(sourceModel, activityId);
        String why;
        if (failure.contains("no migration instruction")) {
            why = targetModel.getModelElementById(activityId) == null
                    ? "新版本没有「" + name(step) + "」这一步, 迁移文件 " + mapping.file()
                            + " 也没有把它对应到新版本的某一步; 案件正停在这一步, 不能迁移(需要时在迁移文件里写上「"
                            + activityId + ": 新版本中的活动 id」)"
                    : "「" + name(step) + "」在新版本里的类型或位置变了, 引擎不能自动对应; 请在迁移文件 " + mapping.file() + " 里对应它";
        } else {
            why = "案件正在「" + name(step) + "」这一步, 引擎不能把它迁到新版本";
        }
        return new Reason(step, why, failure);
    }

    /** The steps a case is at now, multi-instance bodies shown as their activity. */
    private List<Step> steps(String processInstanceId, BpmnModelInstance model) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : runtimeService.getActiveActivityIds(processInstanceId)) {
            ids.add(id.replace("#multiInstanceBody", ""));
        }
        return ids.stream().map(id -> step(model, id)).toList();
    }

    private static Step step(BpmnModelInstance model, String activityId) {
        String id = activityId.replace("#multiInstanceBody", "");
        ModelElementInstance element = model.getModelElementById(id);
        String name = element instanceof FlowNode node && node.getName() != null ? node.getName().replace('\n', ' ') : null;
        return new Step(id, name);
    }

    private static String name(Step step) {
        return step.name() != null ? step.name() + "(" + step.id() + ")" : step.id();
    }

    /** Event-receiving flow nodes whose trigger the engine keeps (timer, message, signal), and receive tasks. */
    private static boolean persistentTrigger(ModelElementInstance element) {
        if (element instanceof ReceiveTask) {
            return true;
        }
        return element instanceof CatchEvent event && event.getEventDefinitions().stream().anyMatch(d ->
                d instanceof TimerEventDefinition || d instanceof MessageEventDefinition || d instanceof SignalEventDefinition);
    }

    /** The models a request reads, each parsed once. */
    private final class Models {

        private final Map<String, BpmnModelInstance> byDefinition = new HashMap<>();

        BpmnModelInstance of(String definitionId) {
            return byDefinition.computeIfAbsent(definitionId, repositoryService::getBpmnModelInstance);
        }
    }

    static Set<String> caseNumbers(String cases) {
        Set<String> numbers = new LinkedHashSet<>();
        if (cases != null) {
            for (String number : cases.split("[,\\s]+")) {
                if (!number.isBlank()) {
                    numbers.add(number.trim());
                }
            }
        }
        return numbers;
    }
}
