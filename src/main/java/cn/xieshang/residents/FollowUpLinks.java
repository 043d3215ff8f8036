package cn.xieshang.residents;

import cn.xieshang.notification.Mailer;
import cn.xieshang.system.StartupStep;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The requester's private follow-up links ({@code /follow/<token>}). A token is 256 random bits (base64url, 43
 * characters), never the case number. Only its SHA-256 is stored, in {@code xs_follow_up} beside the engine's tables,
 * with the case it opens: no case variable, no history entry, no webapp and no REST call ever holds the token, so
 * staff cannot read it and a database dump cannot be turned into links. The requester sees a token exactly once: on
 * the answer page after raising the concern, and in each requester mail, which carries a token of its own (minted
 * when the mail goes out). Every token of a case opens the same page. The rows outlive the case (the page then shows
 * the result); they hold no personal data.
 */
@Component
@Order(8)
public class FollowUpLinks implements StartupStep {

    /** The case variable that tells the model the requester follows the case through a link (no token in it). */
    public static final String VARIABLE = "followUpLink";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Mailer mailer;
    private final TransactionTemplate separately;

    FollowUpLinks(JdbcTemplate jdbc, Mailer mailer, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.mailer = mailer;
        this.separately = new TransactionTemplate(transactions);
        separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The table; the same statements work on H2 and PostgreSQL. */
    @Override
    public void run() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS xs_follow_up ("
                + "token_hash CHAR(64) PRIMARY KEY, "
                + "process_instance_id VARCHAR(64) NOT NULL, "
                + "created_at TIMESTAMP NOT NULL)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS xs_follow_up_case ON xs_follow_up (process_instance_id)");
    }

    /** A new token for the case, stored (hashed) in the caller's transaction: the case and its link commit together. */
    String create(String processInstanceId) {
        String token = newToken();
        jdbc.update("INSERT INTO xs_follow_up (token_hash, process_instance_id, created_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
                hash(token), processInstanceId);
        return token;
    }

    /**
     * For a mail: a new token for the case, committed at once (a mail that went out keeps a working link whatever
     * becomes of its job), as the absolute address of the follow-up page.
     */
    public String mintForMail(String processInstanceId) {
        String token = separately.execute(status -> create(processInstanceId));
        return link(token);
    }

    /** The absolute address of the follow-up page of a token. */
    String link(String token) {
        return mailer.baseUrl() + "/follow/" + token;
    }

    /** The case a token opens; empty for anything that is not a token we issued. */
    Optional<String> caseOf(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        List<String> found = jdbc.queryForList("SELECT process_instance_id FROM xs_follow_up WHERE token_hash = ?",
                String.class, hash(token));
        return found.stream().findFirst();
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
