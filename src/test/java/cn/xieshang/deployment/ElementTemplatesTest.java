package cn.xieshang.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.notification.CaseMails;
import cn.xieshang.organisation.Role;
import cn.xieshang.report.CaseSummary;
import cn.xieshang.report.ConsultationReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.model.bpmn.impl.BpmnModelConstants;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** The models' service steps against the Modeler's element templates, without an engine. */
class ElementTemplatesTest {

    private static final ElementTemplates TEMPLATES = ElementTemplates.load();

    @Test
    void everyServiceTaskUsesATemplateAndMatchesItsBindings() throws IOException {
        List<String> problems = new ArrayList<>();
        int steps = 0;
        for (BpmnModelInstance model : ModelConventionsTest.processes()) {
            for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
                Process process = processOf(task);
                Set<String> userTasks = model.getModelElementsByType(UserTask.class).stream()
                        .filter(t -> processOf(t) == process).map(UserTask::getId).collect(Collectors.toSet());
                Set<String> expressions = new HashSet<>();
                model.getModelElementsByType(ServiceTask.class).stream().filter(t -> processOf(t) == process)
                        .forEach(t -> expressions.add(t.getCamundaExpression()));
                model.getModelElementsByType(CamundaExecutionListener.class).stream()
                        .filter(l -> processOf(l) == process && l.getCamundaExpression() != null)
                        .forEach(l -> expressions.add(l.getCamundaExpression()));
                problems.addAll(TEMPLATES.problems(step(process.getId(), task),
                        new ElementTemplates.ProcessFacts(userTasks, expressions)));
                steps++;
            }
        }
        assertThat(problems).isEmpty();
        assertThat(steps).isEqualTo(29);
    }

    @Test
    void theDropdownsOfferOnlyMailTemplatesRolesAndFilesThatExist() {
        Set<String> attachments = Set.of(CaseSummary.VARIABLE, ConsultationReport.VARIABLE, CaseMails.NO_ATTACHMENT);
        for (ElementTemplates.Template template : TEMPLATES.templates().values()) {
            for (ElementTemplates.Property property : template.properties()) {
                for (String choice : property.choices()) {
                    String what = template.id() + " " + property.bindingName() + " " + choice;
                    switch (property.bindingName()) {
                        case "mailTemplate" ->
                                assertThat(new ClassPathResource("mail/" + choice + ".mustache").exists()).as(what).isTrue();
                        case "role" -> assertThat(Role.byGroupId(choice)).as(what).isPresent();
                        case "attachmentVariable" -> assertThat(choice).as(what).isIn(attachments);
                        case "camunda:expression" -> assertThat(choice).as(what).matches("\\$\\{[a-zA-Z]+\\.[a-zA-Z]+\\(execution.*\\)}");
                        default -> {
                        }
                    }
                }
            }
        }
    }

    @Test
    void aStepNamingAMailTemplateOrRoleThatDoesNotExistIsNamedInTheProblem() {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("mailTemplate", "no-such-mail");
        inputs.put("role", "no-such-role");
        inputs.put("attachmentVariable", "none");
        Map<String, String> attributes = Map.of("camunda:expression", "${caseMails.toRole(execution)}",
                "camunda:asyncBefore", "true");
        ElementTemplates.Step step = new ElementTemplates.Step("deliberation", "Task_MailSomeone", "通知某人",
                "xieshang.mail-to-role", "1", attributes::get, inputs);

        ElementTemplates.ProcessFacts nothing = new ElementTemplates.ProcessFacts(Set.of(), Set.of());
        assertThat(TEMPLATES.problems(step, nothing)).containsExactly(
                "流程 deliberation 的服务任务 Task_MailSomeone「通知某人」: 邮件模板「no-such-mail」不存在 (src/main/resources/mail/no-such-mail.mustache)",
                "流程 deliberation 的服务任务 Task_MailSomeone「通知某人」: 角色「no-such-role」不存在 (可选: "
                        + String.join(", ", TEMPLATES.templates().get("xieshang.mail-to-role").properties().stream()
                        .filter(p -> p.bindingName().equals("role")).findFirst().orElseThrow().choices()) + ")");

        ElementTemplates.Step plain = new ElementTemplates.Step("deliberation", "Task_Typed", null, null, null,
                Map.of("camunda:expression", "${caseMails.sendToRole(execution, 'x', 'y', 'z')}")::get, Map.of());
        assertThat(TEMPLATES.problems(plain, nothing)).singleElement().asString()
                .contains("Task_Typed", "没有使用元素模板");

        inputs.put("mailTemplate", "consultation-report");
        inputs.put("role", "district-office");
        inputs.put("attachmentVariable", ConsultationReport.VARIABLE);
        assertThat(TEMPLATES.problems(step, nothing)).singleElement().asString()
                .contains("Task_MailSomeone", "附件「consultationReportPdf」在流程 deliberation 中没有哪一步生成");
        assertThat(TEMPLATES.problems(step, new ElementTemplates.ProcessFacts(Set.of(),
                Set.of("${consultationReport.generate(execution)}")))).isEmpty();
    }

    private static ElementTemplates.Step step(String processId, ServiceTask task) {
        Map<String, String> inputs = new LinkedHashMap<>();
        if (task.getExtensionElements() != null) {
            for (CamundaInputOutput io : task.getExtensionElements().getChildElementsByType(CamundaInputOutput.class)) {
                for (CamundaInputParameter input : io.getCamundaInputParameters()) {
                    inputs.put(input.getCamundaName(), input.getTextContent().trim());
                }
            }
        }
        return new ElementTemplates.Step(processId, task.getId(), task.getName(),
                task.getAttributeValueNs(BpmnModelConstants.CAMUNDA_NS, "modelerTemplate"),
                task.getAttributeValueNs(BpmnModelConstants.CAMUNDA_NS, "modelerTemplateVersion"),
                name -> name.startsWith("camunda:")
                        ? task.getAttributeValueNs(BpmnModelConstants.CAMUNDA_NS, name.substring("camunda:".length()))
                        : task.getAttributeValue(name),
                inputs);
    }

    private static Process processOf(ModelElementInstance element) {
        ModelElementInstance at = element;
        while (!(at instanceof Process)) {
            at = at.getParentElement();
        }
        return (Process) at;
    }
}
