package cn.xieshang.deployment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.BpmnParseException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.impl.util.xml.Namespace;
import org.springframework.stereotype.Component;

/**
 * Checks every service step of a process when it is deployed, not when a case reaches it: each service task must use
 * one of the element templates of {@code element-templates/} and match it ({@link ElementTemplates}). A model that
 * names a mail template, role, report or task that does not exist is refused with a message naming the process and
 * the element, and nothing of that deployment is kept. Definitions deployed before are not checked again when the
 * engine reads them back (the cases on them keep running).
 */
@Component
public class ElementTemplateCheck extends AbstractProcessEnginePlugin {

    private static final Namespace CAMUNDA = BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS;

    private final ElementTemplates templates = ElementTemplates.load();

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(new Listener());
        configuration.setCustomPostBPMNParseListeners(listeners);
    }

    private class Listener extends AbstractBpmnParseListener {

        @Override
        public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
            if (!isNewDeployment(processDefinition.getDeploymentId())) {
                return;
            }
            String processId = processElement.attribute("id");
            List<Element> serviceTasks = new ArrayList<>();
            ElementTemplates.ProcessFacts facts = new ElementTemplates.ProcessFacts(new HashSet<>(), new HashSet<>());
            collect(processElement, serviceTasks, facts);
            List<String> problems = new ArrayList<>();
            for (Element task : serviceTasks) {
                problems.addAll(templates.problems(step(processId, task), facts));
            }
            if (!problems.isEmpty()) {
                throw new BpmnParseException("模型不能部署: " + String.join("; ", problems), serviceTasks.get(0));
            }
        }
    }

    static ElementTemplates.Step step(String processId, Element task) {
        Map<String, String> inputs = new LinkedHashMap<>();
        Element extensions = task.element("extensionElements");
        Element io = extensions == null ? null : extensions.elementNS(CAMUNDA, "inputOutput");
        if (io != null) {
            for (Element input : io.elementsNS(CAMUNDA, "inputParameter")) {
                inputs.put(input.attribute("name"), input.getText() == null ? null : input.getText().trim());
            }
        }
        return new ElementTemplates.Step(processId, task.attribute("id"), task.attribute("name"),
                task.attributeNS(CAMUNDA, "modelerTemplate"), task.attributeNS(CAMUNDA, "modelerTemplateVersion"),
                name -> name.startsWith("camunda:") ? task.attributeNS(CAMUNDA, name.substring("camunda:".length()))
                        : task.attribute(name),
                inputs);
    }

    /** Service tasks, user task ids and every expression of steps and listeners, also inside sub-processes. */
    private static void collect(Element element, List<Element> serviceTasks, ElementTemplates.ProcessFacts facts) {
        for (Element child : element.elements()) {
            String expression = CAMUNDA.getNamespaceUri().equals(child.getUri()) ? child.attribute("expression")
                    : child.attributeNS(CAMUNDA, "expression");
            if (expression != null) {
                facts.expressions().add(expression);
            }
            switch (child.getTagName()) {
                case "serviceTask" -> serviceTasks.add(child);
                case "userTask" -> facts.userTasks().add(child.attribute("id"));
                default -> {
                }
            }
            collect(child, serviceTasks, facts);
        }
    }

    /**
     * Whether the definitions are being deployed now, not read back from the database into the engine's cache: a
     * deployment made in this command is a new entity in its cache.
     */
    private static boolean isNewDeployment(String deploymentId) {
        CommandContext context = Context.getCommandContext();
        if (context == null || deploymentId == null) {
            return false;
        }
        DeploymentEntity deployment = context.getDbEntityManager().getCachedEntity(DeploymentEntity.class, deploymentId);
        return deployment != null && deployment.isNew();
    }
}
