package cn.xieshang.notification;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A task mail job that runs again after its node died between sending and ending the job sends nothing twice. */
class SentMailsTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void noMail() throws Exception {
        MAIL.purgeEmailFromAllMailboxes();
    }

    @Test
    void aMailSentByAnEarlierRunOfItsJobIsNotSentAgain() {
        JobEntity job = mailJob(raise("ljy3-resident", topic("节点死于发信之后")));
        // what a node leaves behind when it dies after the mail server accepted the mail
        jdbc.update("INSERT INTO xs_mail_sent (mail_key, sent_at) VALUES (?, CURRENT_TIMESTAMP)",
                job.getJobHandlerConfigurationRaw());

        managementService.executeJob(job.getId());

        assertThat(MAIL.getReceivedMessages()).isEmpty();
        assertThat(managementService.createJobQuery().jobId(job.getId()).count()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM xs_mail_sent", Integer.class)).isZero();
    }

    @Test
    void aMailJobThatEndsLeavesNoRecord() throws Exception {
        JobEntity job = mailJob(raise("ljy3-resident", topic("正常发信")));

        managementService.executeJob(job.getId());

        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        // the same on every attempt: a repeat after a node died mid-job is the same message to mail programs
        String taskId = job.getJobHandlerConfigurationRaw().split("\\|")[0];
        assertThat(MAIL.getReceivedMessages()[0].getMessageID()).startsWith("<task-mail." + taskId + ".").endsWith("@xieshang>");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM xs_mail_sent", Integer.class)).isZero();
    }

    private JobEntity mailJob(String processInstanceId) {
        Job job = jobs(processInstanceId).stream()
                .filter(j -> TaskMailPlugin.JOB_TYPE.equals(((JobEntity) j).getJobHandlerType())).findFirst().orElseThrow();
        return (JobEntity) job;
    }
}
