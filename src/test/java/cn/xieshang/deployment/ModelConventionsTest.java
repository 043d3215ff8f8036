package cn.xieshang.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.organisation.Role;
import cn.xieshang.validation.FormSchema;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.junit.jupiter.api.Test;

/** What every model in processes/ and forms/ must hold, checked on the files designers edit. */
class ModelConventionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<BpmnModelInstance> processes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("processes"))) {
            return files.filter(p -> p.toString().endsWith(".bpmn")).sorted()
                    .map(p -> Bpmn.readModelFromFile(p.toFile())).toList();
        }
    }

    static List<String> formIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (File form : new File("forms").listFiles((dir, name) -> name.endsWith(".form"))) {
            JsonNode json = JSON.readTree(form);
            assertThat(json.path("id").asText()).as(form.getName()).isEqualTo(form.getName().replace(".form", ""));
            ids.add(json.path("id").asText());
        }
        return ids;
    }

    @Test
    void everyUserTaskAndStartFormHasAFormThatExists() throws IOException {
        List<String> forms = formIds();
        for (BpmnModelInstance model : processes()) {
            for (UserTask task : model.getModelElementsByType(UserTask.class)) {
                assertThat(task.getCamundaFormRef()).as(task.getId() + " formRef").isNotBlank();
                assertThat(forms).as(task.getId() + " form in forms/").contains(task.getCamundaFormRef());
            }
            for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
                if (start.getCamundaFormRef() != null) {
                    assertThat(forms).as(start.getId() + " form in forms/").contains(start.getCamundaFormRef());
                }
            }
        }
    }

    /**
     * {@code processes/case-record.yaml} (how a case's record reads) names only steps the models have, only fields the
     * forms have, and labels every value and list it names, so an edit of a model or a form cannot silently move an
     * entry out of its section or a column out of its table.
     */
    @Test
    void theCaseRecordLayoutNamesStepsAndFieldsThatExist() throws IOException {
        List<String> steps = new ArrayList<>();
        for (BpmnModelInstance model : processes()) {
            model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.FlowNode.class)
                    .forEach(node -> steps.add(node.getId()));
        }
        List<String> fields = new ArrayList<>();
        for (String form : formIds()) {
            fields.addAll(cn.xieshang.validation.FormLabels.fields(List.of(form)).labels().keySet());
        }
        JsonNode layout = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(new File("processes/case-record.yaml"));
        for (String kind : List.of("values", "lists")) {
            layout.path(kind).fields().forEachRemaining(entry -> {
                assertThat(entry.getValue().path("label").asText()).as(entry.getKey() + " label").isNotBlank()
                        .doesNotContainPattern("[A-Za-z]");
                entry.getValue().path("at").forEach(at -> assertThat(steps).as(entry.getKey() + " at").contains(at.asText()));
                entry.getValue().path("columns").fields().forEachRemaining(column -> {
                    JsonNode c = column.getValue();
                    String field = c.isObject() ? c.path("field").asText(column.getKey()) : column.getKey();
                    if (c.isNull() || (c.isObject() && !c.has("label"))) {
                        assertThat(fields).as(entry.getKey() + "." + column.getKey() + ": a form's field").contains(field);
                    } else {
                        assertThat(c.isTextual() ? c.asText() : c.path("label").asText())
                                .as(entry.getKey() + "." + column.getKey()).isNotBlank().doesNotContainPattern("[A-Za-z]");
                    }
                });
            });
        }
    }

    @Test
    void everyCandidateGroupIsAKnownRole() throws IOException {
        for (BpmnModelInstance model : processes()) {
            for (UserTask task : model.getModelElementsByType(UserTask.class)) {
                assertThat(!task.getCamundaCandidateGroupsList().isEmpty() || task.getCamundaCandidateUsers() != null
                        || task.getCamundaAssignee() != null).as(task.getId() + " names who acts").isTrue();
                for (String group : task.getCamundaCandidateGroupsList()) {
                    if (!group.contains("${")) {
                        assertThat(Role.byGroupId(group)).as(task.getId() + " candidate group " + group).isPresent();
                    }
                }
                if (!task.getId().equals("Task_RaiseObjection")) { // open to residents for the whole publicity period
                    assertThat(task.getCamundaDueDate()).as(task.getId() + " due date").isNotBlank();
                }
            }
            for (Process process : model.getModelElementsByType(Process.class)) {
                String starters = process.getCamundaCandidateStarterGroups();
                if (starters != null) {
                    Arrays.stream(starters.split(",")).map(String::trim).forEach(group ->
                            assertThat(Role.byGroupId(group)).as(process.getId() + " starter " + group).isPresent());
                }
            }
        }
    }

    @Test
    void everyProcessHasAHistoryTimeToLiveAndAVersionTag() throws IOException {
        for (BpmnModelInstance model : processes()) {
            for (Process process : model.getModelElementsByType(Process.class)) {
                assertThat(process.getCamundaHistoryTimeToLiveString()).as(process.getId() + " historyTimeToLive")
                        .isNotBlank();
                assertThat(process.getCamundaVersionTag()).as(process.getId() + " versionTag").isNotBlank();
            }
        }
    }

    @Test
    void everyElementIsDrawnAndHasAReadableId() throws IOException {
        for (BpmnModelInstance model : processes()) {
            List<String> drawn = new ArrayList<>();
            model.getModelElementsByType(BpmnShape.class).forEach(s -> drawn.add(s.getBpmnElement().getId()));
            model.getModelElementsByType(BpmnEdge.class).forEach(e -> drawn.add(e.getBpmnElement().getId()));
            for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
                assertThat(drawn).as(element.getId() + " drawn in the diagram").contains(element.getId());
                assertThat(element.getId()).as("readable id")
                        .matches("(StartEvent|EndEvent|Task|Gateway|Flow|Timer|Event|SubProcess|Boundary|Call)_[A-Z][A-Za-z0-9]+");
                if (!(element instanceof SequenceFlow)) {
                    assertThat(element.getName()).as(element.getId() + " name").isNotBlank();
                }
            }
        }
    }

    @Test
    void formsStayWithinWhatTasklistRenders() throws IOException {
        for (File form : new File("forms").listFiles((dir, name) -> name.endsWith(".form"))) {
            JsonNode json = JSON.readTree(form);
            assertThat(json.path("schemaVersion").asInt()).as(form.getName()).isBetween(1, 16);
            // Tasklist 7.24 cannot complete a dynamic list; the server reads every form (item groups alike)
            assertThat(json.findValuesAsText("type")).as(form.getName()).doesNotContain("dynamiclist");
            assertThat(FormSchema.parse(json).fields()).as(form.getName()).isNotEmpty();
        }
    }

    @SuppressWarnings("unused")
    private static String id(BaseElement element) {
        return element.getId();
    }
}
