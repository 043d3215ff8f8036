package cn.xieshang.migration;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.migration.MigrateProcessInstanceCmd;
import org.camunda.bpm.engine.impl.migration.MigrationPlanExecutionBuilderImpl;
import org.camunda.bpm.engine.impl.migration.instance.MigratingProcessInstance;
import org.camunda.bpm.engine.impl.migration.instance.parser.MigratingInstanceParser;
import org.camunda.bpm.engine.impl.migration.validation.instance.MigratingProcessInstanceValidationReportImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationReport;
import org.camunda.bpm.engine.migration.MigrationPlan;

/**
 * The engine's own migration with the migrating left out: each case is matched to the plan and checked by the
 * engine's validators exactly as a migration would check it (the report a {@code MigratingProcessInstanceValidationException}
 * carries), and nothing is written — no operation log, no change — so a dry run may run it at any time.
 * <p>
 * Built on the engine's internal migration command: Camunda's public API validates instances only while migrating them.
 */
class InstanceCheck extends MigrateProcessInstanceCmd {

    private final Map<String, MigratingProcessInstanceValidationReport> reports = new LinkedHashMap<>();

    InstanceCheck(MigrationPlanExecutionBuilderImpl execution) {
        super(execution, false);
    }

    /** Every case's report, in the order asked; a report without failures means the case can move. */
    Map<String, MigratingProcessInstanceValidationReport> reports() {
        return reports;
    }

    @Override
    protected void writeUserOperationLog(CommandContext commandContext, ProcessDefinitionEntity sourceDefinition,
            ProcessDefinitionEntity targetDefinition, int numInstances, Map<String, Object> variables, boolean async) {
        // a check changes nothing, so there is nothing to log
    }

    @Override
    public Void migrateProcessInstance(CommandContext commandContext, String processInstanceId, MigrationPlan plan,
            ProcessDefinitionEntity target, boolean skipJavaSerializationFormatCheck) {
        ExecutionEntity processInstance = commandContext.getExecutionManager().findExecutionById(processInstanceId);
        ensureProcessInstanceExist(processInstanceId, processInstance);
        ensureOperationAllowed(commandContext, processInstance, target);
        ensureSameProcessDefinition(processInstance, plan.getSourceProcessDefinitionId());

        MigratingProcessInstanceValidationReportImpl report = new MigratingProcessInstanceValidationReportImpl();
        report.setProcessInstanceId(processInstanceId);
        MigratingProcessInstance migrating = new MigratingInstanceParser(commandContext.getProcessEngineConfiguration()
                .getProcessEngine()).parse(processInstanceId, plan, report);
        validateInstructions(commandContext, migrating, report);
        reports.put(processInstanceId, report);
        return null;
    }
}
