package cn.xieshang.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.xieshang.statistics.ManagerRequests.Refused;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.junit.jupiter.api.Test;

/** The designers' migration files: how one reads, what is refused, and that those in processes/ fit the models. */
class MigrationMappingTest {

    @Test
    void oldIdsMapToNewIds() {
        assertThat(MigrationMapping.read("x", yaml("activities:\n  Task_Old: Task_New\n  Timer_A: Timer_B\n")))
                .containsExactly(Map.entry("Task_Old", "Task_New"), Map.entry("Timer_A", "Timer_B"));
        assertThat(MigrationMapping.read("x", yaml("# nothing renamed\n"))).isEmpty();
        assertThat(MigrationMapping.read("x", yaml("activities:\n"))).isEmpty();
    }

    @Test
    void anythingElseIsRefusedNamingTheFile() {
        for (String bad : List.of("- Task_Old\n", "activity:\n  Task_Old: Task_New\n", "activities:\n  - Task_Old\n",
                "activities:\n  Task_Old: \n", "activities:\n  Task_Old: [a, b]\n", "activities: [\n")) {
            assertThatThrownBy(() -> MigrationMapping.read("processes/concern.migration.yaml", yaml(bad))).as(bad)
                    .isInstanceOf(Refused.class).hasMessageContaining("processes/concern.migration.yaml");
        }
    }

    /** A migration file in processes/ belongs to a model there and maps only to activities that model has. */
    @Test
    void everyMigrationFileFitsItsModel() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("processes"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".migration.yaml")).toList()) {
                String key = file.getFileName().toString().replace(".migration.yaml", "");
                Path model = Path.of("processes", key + ".bpmn");
                assertThat(model).as(file + " beside its model").exists();
                BpmnModelInstance bpmn = Bpmn.readModelFromFile(model.toFile());
                try (InputStream in = Files.newInputStream(file)) {
                    for (Map.Entry<String, String> renamed : MigrationMapping.read(file.toString(), in).entrySet()) {
                        Object target = bpmn.getModelElementById(renamed.getValue());
                        assertThat(target).as(file + ": " + renamed.getKey() + " -> " + renamed.getValue())
                                .isInstanceOf(FlowNode.class);
                    }
                }
            }
        }
    }

    private static InputStream yaml(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
