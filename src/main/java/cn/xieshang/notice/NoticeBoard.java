package cn.xieshang.notice;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.deliberation.OnlineEntries;
import cn.xieshang.deliberation.People;
import cn.xieshang.notification.CaseMails;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Step 7, 张榜公示"受监督": the public notice of a case — topic, plan, vote counts, responsible unit, deadline,
 * progress and answered objections — kept in {@code xs_notice} and shown without login on {@code /notices}.
 * Written in the engine's transaction, so a notice exists exactly when the case says it was published.
 * A notice is built only from the fields listed here: never the requester, never contact data.
 */
@Component("noticeBoard")
public class NoticeBoard implements OnlineEntries.PublicNotice {

    /** The entry id of the objection being handled, when it was raised online ({@code OnlineDeliberation}). */
    public static final String ONLINE_OBJECTION = "objectionEntry";

    public enum Status {
        IMPLEMENTING("落实中"), PUBLICITY("结果公示中"), FOLLOWING_UP("办理中"), DONE("已办结");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public record Notice(String caseId, String caseNumber, String communityId, String communityName, Status status,
            Map<String, Object> content, Timestamp publishedAt, Timestamp updatedAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final People people;
    private final CaseMails caseMails;

    NoticeBoard(JdbcTemplate jdbc, People people, CaseMails caseMails) {
        this.jdbc = jdbc;
        this.people = people;
        this.caseMails = caseMails;
    }

    /** The passed plan, its vote and who carries it out by when; the stakeholders and supervisors are told. */
    public void publish(DelegateExecution execution) {
        save(execution, Status.IMPLEMENTING);
        caseMails.sendToPeople(execution, "notice-published", "stakeholders", "supervisors");
    }

    /** After a progress report or an objection's answer. */
    public void update(VariableScope instance) {
        String caseId = ((DelegateExecution) instance).getProcessInstanceId();
        Status current = find(caseId).map(Notice::status).orElse(Status.IMPLEMENTING);
        save((DelegateExecution) instance, current);
    }

    /** The supervisors accepted the result: it is published for the publicity period. */
    public void publishResult(DelegateExecution execution) {
        save(execution, Status.PUBLICITY);
        caseMails.sendToPeople(execution, "result-published", "stakeholders", "supervisors");
    }

    /** An objection and the committee's answer go on the notice; an upheld objection reopens the work. */
    public void answerObjection(DelegateTask task) {
        DelegateExecution instance = task.getExecution().getProcessInstance();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("objection", task.getVariable("objection"));
        answer.put("response", task.getVariable("objectionResponse"));
        answer.put("upheld", "yes".equals(task.getVariable("objectionUpheld")));
        Object entry = instance.getVariable(ONLINE_OBJECTION); // raised on the topic's public page (线上协商)
        if (entry != null) {
            answer.put("entry", entry);
            instance.removeVariable(ONLINE_OBJECTION);
        }
        CaseRecord.append(instance, "objections", answer);
        save(instance, "yes".equals(task.getVariable("objectionUpheld")) ? Status.IMPLEMENTING : Status.PUBLICITY);
    }

    /** An online objection was hidden by the committee: the notice is written again without its text. */
    @Override
    public void refresh(DelegateExecution execution) {
        find(execution.getProcessInstanceId()).ifPresent(notice -> save(execution, notice.status()));
    }

    /** The publicity period is over. */
    public void close(DelegateExecution execution) {
        save(execution, Status.DONE);
    }

    private void save(DelegateExecution execution, Status status) {
        saveContent(execution, status, content(execution.getProcessInstance()));
    }

    /** Publishes or updates the case's notice with the given public content (a whitelist built by the caller). */
    void saveContent(DelegateExecution execution, Status status, Map<String, Object> publicContent) {
        DelegateExecution instance = execution.getProcessInstance();
        String content;
        try {
            content = JSON.writeValueAsString(publicContent);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Timestamp now = new Timestamp(ClockUtil.now().getTime());
        int updated = jdbc.update("UPDATE xs_notice SET status = ?, content = ?, updated_at = ? WHERE case_id = ?",
                status.name(), content, now, instance.getProcessInstanceId());
        if (updated == 0) {
            jdbc.update("INSERT INTO xs_notice (case_id, case_number, community_id, community_name, status, content, "
                            + "published_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    instance.getProcessInstanceId(), instance.getProcessBusinessKey(), instance.getTenantId(),
                    instance.getVariable("communityName"), status.name(), content, now, now);
        }
    }

    /** Only public facts: the whitelist of what residents may read. */
    Map<String, Object> content(DelegateExecution instance) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("title", instance.getVariable("title"));
        c.put("location", instance.getVariable("location"));
        c.put("category", instance.getVariable("category"));
        c.put("planVersion", instance.getVariable("planVersion"));
        c.put("planContent", instance.getVariable("planContent"));
        c.put("costBearer", instance.getVariable("costBearer"));
        c.put("planImplementer", instance.getVariable("planImplementer"));
        c.put("plannedCompletion", instance.getVariable("plannedCompletion"));
        c.put("seatedRepresentatives", instance.getVariable("seatedRepresentatives"));
        c.put("presentRepresentatives", instance.getVariable("presentRepresentatives"));
        c.put("votesFor", instance.getVariable("votesFor"));
        c.put("votesAgainst", instance.getVariable("votesAgainst"));
        c.put("votesAbstain", instance.getVariable("votesAbstain"));
        c.put("voteResult", instance.getVariable("voteResult"));
        Object implementer = instance.getVariable("implementer");
        c.put("responsible", implementer == null ? null : people.nameOf(String.valueOf(implementer)));
        c.put("implementationDeadline", instance.getVariable("implementationDeadline"));
        c.put("progressPercent", instance.getVariable("progressPercent"));
        c.put("progress", CaseRecord.entries(instance.getVariable("progressReports")).stream()
                .map(r -> Map.of("percent", CaseRecord.text(r.get("percent")), "notes", CaseRecord.text(r.get("notes")),
                        "at", CaseRecord.text(r.get("at"))))
                .toList());
        Object moderations = instance.getVariable(OnlineEntries.MODERATIONS);
        c.put("objections", CaseRecord.entries(instance.getVariable("objections")).stream()
                .map(o -> Map.of("objection", OnlineEntries.hiddenBecause(moderations, o.get("entry"))
                                .map(reason -> "(该异议已被社区党委隐藏, 理由: " + reason + ")")
                                .orElse(CaseRecord.text(o.get("objection"))),
                        "response", CaseRecord.text(o.get("response")), "at", CaseRecord.text(o.get("at"))))
                .toList());
        return c;
    }

    public java.util.Optional<Notice> find(String caseId) {
        return jdbc.query("SELECT * FROM xs_notice WHERE case_id = ?", this::map, caseId).stream().findFirst();
    }

    public List<Notice> ofCommunity(String communityId) {
        return jdbc.query("SELECT * FROM xs_notice WHERE community_id = ? ORDER BY updated_at DESC", this::map, communityId);
    }

    public List<Notice> recent(int limit) {
        return jdbc.query("SELECT * FROM xs_notice ORDER BY updated_at DESC", this::map).stream().limit(limit).toList();
    }

    @SuppressWarnings("unchecked")
    private Notice map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        try {
            return new Notice(rs.getString("case_id"), rs.getString("case_number"), rs.getString("community_id"),
                    rs.getString("community_name"), Status.valueOf(rs.getString("status")),
                    JSON.readValue(rs.getString("content"), Map.class), rs.getTimestamp("published_at"),
                    rs.getTimestamp("updated_at"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
