package cn.xieshang.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.xieshang.support.IntegrationTest;
import org.camunda.bpm.engine.ProcessEngineException;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.impl.BpmnModelConstants;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A model whose service step names something that does not exist is refused when deployed, not when a case runs. */
class ElementTemplateCheckTest extends IntegrationTest {

    private static final String PROCESS = "elementTemplateCheck";
    private static final String DEPLOYMENT = "element-template-check";

    @Autowired
    RepositoryService repositoryService;
    @Autowired
    ProcessEngineConfigurationImpl configuration;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aMailTemplateThatDoesNotExistIsRefusedNamingTheElementAndNothingIsDeployed() {
        assertThatThrownBy(() -> deploy(mailToRole("no-such-mail", "district-office")))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("流程 " + PROCESS + " 的服务任务 Task_SendReport「报送区委区政府」")
                .hasMessageContaining("邮件模板「no-such-mail」不存在");
        assertNothingDeployed();
    }

    @Test
    void aRoleThatDoesNotExistIsRefusedNamingTheElement() {
        assertThatThrownBy(() -> deploy(mailToRole("consultation-report", "district-offce")))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("Task_SendReport")
                .hasMessageContaining("角色「district-offce」不存在");
        assertNothingDeployed();
    }

    /**
     * The check is for new deployments only: a definition the engine reads back from the database (after a restart,
     * on another node) is not refused, so the cases on versions deployed before it keep running.
     */
    @Test
    void aModelWhoseStepsMatchTheirTemplatesIsDeployedAndNotCheckedAgainWhenReadBack() {
        Deployment deployment = deploy(mailToRole("consultation-report", "district-office"));
        try {
            ProcessDefinition definition = repositoryService.createProcessDefinitionQuery()
                    .deploymentId(deployment.getId()).singleResult();
            assertThat(definition.getKey()).isEqualTo(PROCESS);

            // as if it had been deployed before the check knew better: the stored model names an unknown role
            String stored = Bpmn.convertToString(mailToRole("consultation-report", "district-offce"));
            assertThat(jdbc.update("UPDATE ACT_GE_BYTEARRAY SET BYTES_ = ? WHERE DEPLOYMENT_ID_ = ? AND NAME_ = ?",
                    stored.getBytes(StandardCharsets.UTF_8), deployment.getId(), PROCESS + ".bpmn")).isEqualTo(1);
            configuration.getDeploymentCache().getProcessDefinitionCache().remove(definition.getId());

            assertThat(repositoryService.getProcessDefinition(definition.getId()).getKey()).isEqualTo(PROCESS);
            assertThat(configuration.getDeploymentCache().getProcessDefinitionCache().get(definition.getId()))
                    .as("read back and parsed again").isNotNull();
        } finally {
            repositoryService.deleteDeployment(deployment.getId(), true);
        }
    }

    private Deployment deploy(BpmnModelInstance model) {
        return repositoryService.createDeployment().name(DEPLOYMENT).addModelInstance(PROCESS + ".bpmn", model).deploy();
    }

    private void assertNothingDeployed() {
        assertThat(repositoryService.createDeploymentQuery().deploymentName(DEPLOYMENT).count()).isZero();
        assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey(PROCESS).count()).isZero();
    }

    /** As the Modeler writes the template "邮件通知角色" (xieshang.mail-to-role). */
    private static BpmnModelInstance mailToRole(String mailTemplate, String role) {
        BpmnModelInstance model = Bpmn.createExecutableProcess(PROCESS)
                .name("部署检查")
                .camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_Check")
                .userTask("Task_Check").name("核对")
                .serviceTask("Task_SendReport").name("报送区委区政府")
                .camundaExpression("${caseMails.toRole(execution)}").camundaAsyncBefore()
                .camundaInputParameter("mailTemplate", mailTemplate)
                .camundaInputParameter("role", role)
                .camundaInputParameter("attachmentVariable", "none")
                .endEvent("EndEvent_Check")
                .done();
        ServiceTask task = model.getModelElementById("Task_SendReport");
        task.setAttributeValueNs(BpmnModelConstants.CAMUNDA_NS, "modelerTemplate", "xieshang.mail-to-role");
        task.setAttributeValueNs(BpmnModelConstants.CAMUNDA_NS, "modelerTemplateVersion", "1");
        return model;
    }
}
