package cn.xieshang.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** With no mail configuration at all, mail still really goes over SMTP, to a server the application runs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"xieshang.mail.local-port=0", "xieshang.mail.local-mailbox=target/local-mailbox-test"})
@ActiveProfiles({"demo", "test"})
class LocalMailServerTest {

    @Autowired
    LocalMailServer server;
    @Autowired
    FormService formService;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    IdentityService identityService;
    @Autowired
    ManagementService managementService;

    @Test
    void aNewcomerCanReadWhatWasSent() throws Exception {
        String deliberation = repositoryService.createProcessDefinitionQuery().processDefinitionKey("deliberation")
                .latestVersion().singleResult().getId();
        identityService.setAuthentication("smj2-grid-worker", List.of("grid-worker"), List.of("shangmajie-2"));
        ProcessInstance instance;
        try {
            instance = formService.submitStartForm(deliberation, Variables.createVariables()
                    .putValue("title", "茂悦府西门口存在安全隐患").putValue("description", "社区夜话收集的问题")
                    .putValue("location", "茂悦府西门").putValue("category", "safety")
                    .putValue("channel", "evening-talk").putValue("requesterName", "张天珍")
                    .putValue("requesterContact", "13800000001"));
        } finally {
            identityService.clearAuthentication();
        }

        managementService.createJobQuery().processInstanceId(instance.getId()).list()
                .forEach(job -> managementService.executeJob(job.getId()));

        List<MimeMessage> received = server.received();
        assertThat(received).extracting(MimeMessage::getSubject).contains("【协商议事】新的待办: 受理议题");
        server.writeNewMail();
        try (Stream<Path> files = Files.list(Path.of("target/local-mailbox-test"))) {
            List<String> mails = files.filter(p -> p.toString().endsWith(".eml")).map(LocalMailServerTest::read).toList();
            assertThat(mails).anyMatch(m -> m.contains("To: smj2-party-committee@demo.xieshang.cn"));
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
