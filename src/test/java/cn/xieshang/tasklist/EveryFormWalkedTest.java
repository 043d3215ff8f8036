package cn.xieshang.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Camunda Form in forms/ — start forms and task forms of all four processes — is completed in Tasklist by one
 * of the walks: the walks declare their forms and assert, as they end, that they completed exactly those in the browser.
 * A new form fails here until a walk takes it.
 */
class EveryFormWalkedTest {

    private static final Pattern FORM_REF = Pattern.compile("camunda:formRef=\"([^\"]+)\"");

    @Test
    void theWalksTogetherCompleteEveryFormInTheBrowser() throws IOException {
        Set<String> walked = new TreeSet<>();
        Stream.of(DeliberationInTasklistTest.MAIN_PATH_FORMS, DeliberationInTasklistTest.DEADLOCK_FORMS,
                        DeliberationInTasklistTest.FAILED_VOTE_FORMS, ConcernInTasklistTest.SETTLED_FORMS,
                        ConcernInTasklistTest.ESCALATION_FORMS, ConsultationInTasklistTest.FORMS,
                        OnlineDeliberationInTasklistTest.FORMS)
                .flatMap(List::stream).forEach(walked::add);

        assertThat(walked).as("forms the walks complete in Tasklist").containsExactlyInAnyOrderElementsOf(forms());
        assertThat(walked).as("every form a model names, start forms included").containsAll(referencedByModels());
    }

    private static Set<String> forms() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("forms"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".form"))
                    .map(n -> n.substring(0, n.length() - ".form".length()))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> referencedByModels() throws IOException {
        Set<String> refs = new TreeSet<>();
        try (Stream<Path> models = Files.list(Path.of("processes"))) {
            for (Path model : models.filter(m -> m.toString().endsWith(".bpmn")).toList()) {
                Matcher ref = FORM_REF.matcher(Files.readString(model));
                while (ref.find()) {
                    refs.add(ref.group(1));
                }
            }
        }
        return refs;
    }
}
