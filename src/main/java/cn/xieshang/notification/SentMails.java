package cn.xieshang.notification;

import cn.xieshang.system.StartupStep;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which task mails the mail server has accepted while their job has not yet ended. A node that dies between sending
 * a mail and committing its job leaves the job to run again; the retry finds the mail here and does not send it a
 * second time. The record is written in a transaction of its own right after the mail server's answer, and removed
 * in the job's transaction, so the table only ever holds the mails of unfinished jobs.
 */
@Component
@Order(6)
class SentMails implements StartupStep {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate separately;

    SentMails(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.separately = new TransactionTemplate(transactions);
        separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The table, beside the engine's; the same statement works on H2 and PostgreSQL. */
    @Override
    public void run() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS xs_mail_sent (mail_key VARCHAR(255) PRIMARY KEY, sent_at TIMESTAMP NOT NULL)");
    }

    /** In the job's transaction: was this mail sent by an earlier run of its job? */
    boolean wasSent(String key) {
        return jdbc.queryForObject("SELECT count(*) FROM xs_mail_sent WHERE mail_key = ?", Integer.class, key) > 0;
    }

    /** Right after the mail server accepted the mail, committed at once whatever becomes of the job. */
    void recordSent(String key) {
        separately.executeWithoutResult(status ->
                jdbc.update("INSERT INTO xs_mail_sent (mail_key, sent_at) VALUES (?, CURRENT_TIMESTAMP)", key));
    }

    /** In the job's transaction: once the job has ended, nothing can send the mail again. */
    void forget(String key) {
        jdbc.update("DELETE FROM xs_mail_sent WHERE mail_key = ?", key);
    }
}
