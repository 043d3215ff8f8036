package cn.xieshang.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.SendFailedException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;

/** A failed mail's reasons, as the failed job logs and keeps them: the mail server's words, no full address. */
class MailFailureTest {

    @Test
    void theMailServersAnswerKeepsItsReasonAndMasksTheAddress() {
        SendFailedException rejected = new SendFailedException("Invalid Addresses",
                new jakarta.mail.MessagingException("550 5.1.1 <lu.yao@example.cn>: Recipient address rejected"));
        MailSendException failure = new MailSendException(Map.of(new Object(), rejected));

        String reasons = Mailer.reasons(failure);

        assertThat(reasons).contains("Invalid Addresses").doesNotContain("lu.yao@");
        assertThat(LocalMailServer.maskedIn("550 5.1.1 <lu.yao@example.cn>: Recipient address rejected"))
                .isEqualTo("550 5.1.1 <l***@example.cn>: Recipient address rejected");
    }
}
