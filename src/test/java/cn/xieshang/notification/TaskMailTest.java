package cn.xieshang.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.xieshang.support.IntegrationTest;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Mails to the people who must act, sent over real SMTP by retried jobs. */
class TaskMailTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JavaMailSenderImpl mailSender;
    private int smtpPort;

    @BeforeEach
    void emptyMailbox() throws Exception {
        MAIL.purgeEmailFromAllMailboxes();
        smtpPort = mailSender.getPort();
    }

    @AfterEach
    void restoreMailServer() {
        mailSender.setPort(smtpPort);
    }

    @Test
    void theCommunitysPartyCommitteeIsMailedAboutANewTopic() throws Exception {
        String id = raise("ljy3-resident", topic("翠屏小学门口缺少减速带"));
        List<Job> mails = mailJobs(id);
        assertThat(mails).hasSize(1);

        managementService.executeJob(mails.get(0).getId());

        MimeMessage[] received = MAIL.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString)
                .containsExactly("ljy3-party-committee@demo.xieshang.cn");
        assertThat(mail.getSubject()).isEqualTo("【协商议事】新的待办: 受理议题");
        String body = ((String) mail.getContent());
        String caseNumber = runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult()
                .getBusinessKey();
        assertThat(body).contains("翠屏小学门口缺少减速带", caseNumber, "老军营小区第三社区",
                "/camunda/app/tasklist/default/#/?task=" + task(id).getId(), "办理期限");
        // no xieshang.mail.base-url configured: links point at this server's own address
        assertThat(body).contains("http://localhost:" + port + "/camunda/app/tasklist/");
        assertThat(mailJobs(id)).isEmpty();
    }

    @Test
    void someoneWithoutAMailAddressGetsNoMailJob() {
        org.camunda.bpm.engine.identity.User user = identityService.newUser("ljy3-party-committee-no-mail");
        user.setFirstName("无邮箱");
        user.setLastName("社区党委");
        identityService.saveUser(user);
        identityService.createMembership(user.getId(), "party-committee");
        identityService.createTenantUserMembership("laojunying-3", user.getId());
        try {
            String id = raise("ljy3-resident", topic("新来的委员还没有邮箱"));
            List<String> recipients = mailJobs(id).stream()
                    .map(j -> ((JobEntity) j).getJobHandlerConfigurationRaw().split("\\|")[1]).toList();
            assertThat(recipients).containsExactly("ljy3-party-committee");
        } finally {
            identityService.deleteUser(user.getId());
        }
    }

    @Test
    void noMailLeavesTheCommunity() {
        String id = raise("smj2-resident", topic("上马街二社区楼顶漏雨"));
        List<String> recipients = mailJobs(id).stream()
                .map(j -> ((JobEntity) j).getJobHandlerConfigurationRaw().split("\\|")[1]).toList();
        assertThat(recipients).containsExactly("smj2-party-committee");
    }

    @Test
    void aFailedMailIsRetriedFiveMinutesLater() throws Exception {
        String id = raise("ljy3-resident", topic("兆阳小区33号楼厨房下水堵塞"));
        Job mail = mailJobs(id).get(0);
        mailSender.setPort(closedPort());

        assertThatThrownBy(() -> managementService.executeJob(mail.getId())).isInstanceOf(Exception.class);

        Job retried = managementService.createJobQuery().jobId(mail.getId()).singleResult();
        assertThat(retried.getRetries()).isEqualTo(2);
        assertThat(retried.getExceptionMessage()).isNotBlank();
        assertThat(retried.getDuedate()).isAfter(new Date(ClockUtil.getCurrentTime().getTime() + 4 * 60_000));
        assertThat(runtimeService.createIncidentQuery().processInstanceId(id).count()).isZero();
        assertThat(MAIL.getReceivedMessages()).isEmpty();

        mailSender.setPort(smtpPort);
        ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + 6 * 60_000));
        assertThat(managementService.createJobQuery().jobId(mail.getId()).executable().count()).isOne();
        managementService.executeJob(mail.getId());

        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(mailJobs(id)).isEmpty();
    }

    @Test
    void aMailThatKeepsFailingBecomesAnIncidentAndTheCaseGoesOn() throws Exception {
        String id = raise("ljy3-resident", topic("西北新村冬季供暖不热"));
        Job mail = mailJobs(id).get(0);
        mailSender.setPort(closedPort());

        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(() -> managementService.executeJob(mail.getId())).isInstanceOf(Exception.class);
        }

        Incident incident = runtimeService.createIncidentQuery().processInstanceId(id).singleResult();
        assertThat(incident.getIncidentType()).isEqualTo("failedJob");
        assertThat(incident.getActivityId()).isEqualTo("Task_ReviewTopic");
        assertThat(incident.getConfiguration()).isEqualTo(mail.getId());
        assertThat(task(id).getTaskDefinitionKey()).isEqualTo("Task_ReviewTopic");

        // once the mail server is back, an operator retries it from Cockpit
        mailSender.setPort(smtpPort);
        managementService.setJobRetries(mail.getId(), 1);
        managementService.executeJob(mail.getId());
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(runtimeService.createIncidentQuery().processInstanceId(id).count()).isZero();
    }

    private List<Job> mailJobs(String processInstanceId) {
        return jobs(processInstanceId).stream()
                .filter(j -> TaskMailPlugin.JOB_TYPE.equals(((JobEntity) j).getJobHandlerType())).toList();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // a task mail job that runs again after its node died between sending and ending the job sends nothing twice

    @Test
    void aMailSentByAnEarlierRunOfItsJobIsNotSentAgain() {
        JobEntity job = firstMailJob(raise("ljy3-resident", topic("节点死于发信之后")));
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
        JobEntity job = firstMailJob(raise("ljy3-resident", topic("正常发信")));

        managementService.executeJob(job.getId());

        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        // the same on every attempt: a repeat after a node died mid-job is the same message to mail programs
        String taskId = job.getJobHandlerConfigurationRaw().split("\\|")[0];
        assertThat(MAIL.getReceivedMessages()[0].getMessageID()).startsWith("<task-mail." + taskId + ".").endsWith("@xieshang>");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM xs_mail_sent", Integer.class)).isZero();
    }

    private JobEntity firstMailJob(String processInstanceId) {
        Job job = jobs(processInstanceId).stream()
                .filter(j -> TaskMailPlugin.JOB_TYPE.equals(((JobEntity) j).getJobHandlerType())).findFirst().orElseThrow();
        return (JobEntity) job;
    }
}
