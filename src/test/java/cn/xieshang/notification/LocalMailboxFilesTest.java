package cn.xieshang.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The built-in mailbox writes each mail once, keeps earlier mail across restarts and logs no address in full. */
@ExtendWith(OutputCaptureExtension.class)
class LocalMailboxFilesTest {

    @TempDir
    Path mailbox;

    @Test
    void eachMailIsWrittenOnceAndRestartsNeverOverwrite(CapturedOutput output) throws Exception {
        LocalMailServer first = new LocalMailServer(0, mailbox);
        List<String> subjects = new ArrayList<>();
        try {
            // interleaved recipients: GreenMail groups what it received by recipient, so positions shift
            String[] to = {"liu@example.cn", "wang@example.cn", "liu@example.cn", "zhao@example.cn", "wang@example.cn"};
            for (int i = 0; i < to.length; i++) {
                subjects.add(send(first, to[i], "第一批 " + i));
                first.writeNewMail();
            }
            subjects.add(send(first, "liu@example.cn", "第一批 末"));
        } finally {
            first.destroy();
        }
        assertThat(files()).hasSize(6);
        assertThat(subjectsOnDisk()).containsExactlyInAnyOrderElementsOf(subjects);
        String firstMail = Files.readString(mailbox.resolve("00001.eml"));

        LocalMailServer second = new LocalMailServer(0, mailbox);
        try {
            subjects.add(send(second, "sun@example.cn", "重启之后"));
            second.writeNewMail();
            second.writeNewMail();
        } finally {
            second.destroy();
        }
        assertThat(files()).hasSize(7).contains("00007.eml");
        assertThat(Files.readString(mailbox.resolve("00001.eml"))).isEqualTo(firstMail);
        assertThat(subjectsOnDisk()).containsExactlyInAnyOrderElementsOf(subjects);
        // (GreenMail's own user lines are silenced in application.yaml, which this test does not load)
        String ours = output.getAll().lines().filter(l -> l.contains("LocalMailServer")).reduce("", String::concat);
        assertThat(ours).contains("l***@example.cn", "s***@example.cn")
                .doesNotContain("liu@example.cn", "wang@example.cn", "sun@example.cn");
    }

    @Test
    void addressesAreMasked() {
        assertThat(LocalMailServer.masked("ljy3-resident@demo.xieshang.cn")).isEqualTo("l***@demo.xieshang.cn");
        assertThat(LocalMailServer.masked(new String[] {"张三 <zhang@example.cn>, li@example.cn"}))
                .isEqualTo("z***@example.cn,l***@example.cn");
        assertThat(LocalMailServer.masked("not an address")).isEqualTo("***");
    }

    private static String send(LocalMailServer server, String to, String subject) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(server.port());
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom("noreply@xieshang.local");
        mail.setTo(to);
        mail.setSubject(subject);
        mail.setText("正文");
        sender.send(mail);
        return subject;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(mailbox)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private List<String> subjectsOnDisk() throws Exception {
        List<String> subjects = new ArrayList<>();
        for (String file : files()) {
            try (var in = Files.newInputStream(mailbox.resolve(file))) {
                subjects.add(new jakarta.mail.internet.MimeMessage(null, in).getSubject());
            }
        }
        return subjects;
    }
}
