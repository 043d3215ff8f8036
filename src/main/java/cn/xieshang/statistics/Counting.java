package cn.xieshang.statistics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How the cases of one process count in the running totals, read from the model's process properties (so a designer
 * changes it in the model, and a new process joins the totals by declaring them):
 * <ul>
 *   <li>{@code totalsTopic}: {@code key} (重点议题) or {@code micro} (微课题) — what one case of this process is;</li>
 *   <li>{@code totalsTopicFrom}: the activity whose start makes the case count as a topic (default: the case's start);</li>
 *   <li>{@code totalsActivities}: activities each completed instance of which is one consultation activity;</li>
 *   <li>{@code totalsParticipants}: {@code <activity>} (each completed instance is one participant) or
 *       {@code <activity>:<variable>} (each completed instance adds the case's number variable);</li>
 *   <li>{@code totalsSettled}: activities (end events, tasks) each completed instance of which is one settled matter.</li>
 * </ul>
 * A process that declares none of them does not count.
 */
record Counting(String processKey, String topic, String topicFrom, List<String> activities, String participantActivity,
        String participantVariable, List<String> settled) {

    static Counting of(String processKey, Map<String, String> properties) {
        String topic = properties.get("totalsTopic");
        String participants = properties.get("totalsParticipants");
        String participantActivity = null;
        String participantVariable = null;
        if (participants != null && !participants.isBlank()) {
            String[] parts = participants.split(":", 2);
            participantActivity = parts[0].trim();
            participantVariable = parts.length > 1 ? parts[1].trim() : null;
        }
        return new Counting(processKey, topic, blankToNull(properties.get("totalsTopicFrom")),
                list(properties.get("totalsActivities")), participantActivity, participantVariable,
                list(properties.get("totalsSettled")));
    }

    boolean counts() {
        return topic != null || !activities.isEmpty() || participantActivity != null || !settled.isEmpty();
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isBlank() ? List.of()
                : Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
