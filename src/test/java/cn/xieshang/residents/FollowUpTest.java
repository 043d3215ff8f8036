package cn.xieshang.residents;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The requester's private link and the model's paths for cases that have one: rated satisfied; not satisfied,
 * reopened once, then closed; silent for 7 days (back to the staff's return visit, or answered if anonymous). The
 * page never shows the requester or a member of staff.
 */
class FollowUpTest extends ResidentWalk {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void ratedSatisfiedThroughTheLink_theMailCarriesALinkOfItsOwn_andThePageNamesNobody() throws Exception {
        String path = raise(concern("5号楼2单元声控灯坏了", false));
        String id = caseOf(path);
        assertThat(runtimeService.getVariable(id, "followUpLink")).isEqualTo(true);
        assertThat(get(path).body()).contains("5号楼2单元声控灯坏了", "办理中", "诉求已受理", "社区党委、居委会");

        settle(id, "已更换两个声控灯, 楼道晚上亮了。");
        assertThat(waitingAt(id)).isEqualTo("Task_RequesterRates");
        String page = get(path).body();
        assertThat(page).contains("已更换两个声控灯", "社区已派单给网格员办理", "承办人已接单", "您对办理结果满意吗?");
        assertNamesNobody(page, true);

        MimeMessage mail = mailsTo(EMAIL).get(0);
        String body = body(mail);
        Matcher link = Pattern.compile("/follow/([A-Za-z0-9_-]{43})").matcher(body);
        assertThat(link.find()).as(body).isTrue();
        assertThat("/follow/" + link.group(1)).isNotEqualTo(path); // a token of its own
        assertThat(caseOf("/follow/" + link.group(1))).isEqualTo(id);
        assertThat(body).contains("评价是否满意").doesNotContain("社区工作人员会与您联系");

        Page rated = post(path, Map.of("satisfied", "yes"));
        assertThat(rated.status()).isEqualTo(200);
        assertThat(rated.body()).contains("感谢您的评价", "已办结, 您对结果表示满意", "您的评价: 满意");
        assertThat(endedAt(id)).isEqualTo("EndEvent_ConcernSettled");
        assertNamesNobody(get(path).body(), true);
        assertThat(post(path, Map.of("satisfied", "no", "dissatisfactionReason", "再评一次")).status()).isEqualTo(409);
        // the managers' case view says who rated: the resident through the public pages, not a technical id
        String caseView = as("ljy3-party-committee").get("/api/cases/" + id).body();
        assertThat(caseView).contains("居民(网上自助)").doesNotContain(ResidentsDoor.USER);
    }

    @Test
    void notSatisfiedReopensOnce_aSecondNoClosesIt_andAnAnonymousPageNamesNobody() {
        String path = raise(concern("小区东门垃圾桶满了没人清", true));
        String id = caseOf(path);
        assertThat(runtimeService.getVariable(id, "anonymous")).isEqualTo(true);
        settle(id, "已联系物业每天清运两次。");

        Page noReason = post(path, Map.of("satisfied", "no"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("不满意的原因");
        assertThat(waitingAt(id)).isEqualTo("Task_RequesterRates");

        assertThat(post(path, Map.of("satisfied", "no", "dissatisfactionReason", "只清了一天。")).body())
                .contains("已收到您的意见", "因不满意重新办理");
        assertThat(waitingAt(id)).isEqualTo("Task_DispatchConcern");
        assertThat(runtimeService.getVariable(id, "reopenCount")).isEqualTo(1);

        settle(id, "物业已调整清运时间表并张贴在东门。");
        assertThat(get(path).body()).contains("已经重新办理过一次");
        post(path, Map.of("satisfied", "no", "dissatisfactionReason", "还是满。"));
        assertThat(endedAt(id)).isEqualTo("EndEvent_ConcernClosedUnsatisfied");
        String page = get(path).body();
        assertThat(page).contains("重新办理后仍不满意", "匿名(背靠背)");
        assertNamesNobody(page, false);
    }

    @Test
    void aSilentRequesterAfterSevenDays_namedGetsTheReturnVisit_anonymousIsAnswered() {
        String named = caseOf(raise(concern("3号楼前路灯不亮", false)));
        String anonymous = caseOf(raise(concern("4号楼前井盖松动", true)));
        settle(named, "已修好路灯。");
        settle(anonymous, "已固定井盖。");
        assertThat(waitingAt(named)).isEqualTo("Task_RequesterRates");
        assertThat(taskService.createTaskQuery().processInstanceId(named).singleResult().getAssignee())
                .isEqualTo(ResidentsDoor.USER);

        passTime(7.1);

        assertThat(waitingAt(named)).isEqualTo("Task_RateSatisfaction");
        assertThat(endedAt(anonymous)).isEqualTo("EndEvent_ConcernAnswered");
    }

    @Test
    void handedUpToTheStreet_thePageNamesTheLevelAndItsRole_neverTheNotesOrThePeople() {
        String path = raise(concern("小区门口占道经营堵住消防通道", false));
        String id = caseOf(path);
        step(id, "Task_DispatchConcern", Map.of("dispatchDecision", "escalate", "dispatchNote", "涉及城管执法, 社区无执法权。"));
        executeDueSteps();
        String page = get(path).body();
        assertThat(page).contains("社区认为超出本级职权, 上交街道", "街道办").doesNotContain("涉及城管执法");
        assertNamesNobody(page, true);

        String caseNumber = String.valueOf(runtimeService.getVariable(id, "caseNumber"));
        org.camunda.bpm.engine.task.Task street = taskService.createTaskQuery().processInstanceBusinessKey(caseNumber)
                .taskDefinitionKey("Task_HandleEscalation").singleResult();
        formService.submitTaskForm(street.getId(), Map.of("escalationAction", "settle", "levelNotes", "城管已清理占道摊位。"));
        executeDueSteps();
        assertThat(waitingAt(id)).isEqualTo("Task_RequesterRates");
        page = get(path).body();
        assertThat(page).contains("城管已清理占道摊位", "已有办理结果(街道)", "已交街道办理").doesNotContain("laojunying-street");
        assertNamesNobody(page, true);
    }

    @Test
    void aProposedTopicIsFollowedThroughItsSteps_untilTheCommitteeDecides() {
        Map<String, String> values = concern("3号楼想加装电梯, 请大家商量", false);
        values.put("kind", "topic");
        String path = raise(values);
        String id = caseOf(path);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult()
                .getProcessDefinitionKey()).isEqualTo("deliberation");
        String page = get(path).body();
        assertThat(page).contains("议题协商进展", "协商中", "受理议题 · 社区党委").doesNotContain("您对办理结果满意吗?");
        assertNamesNobody(page, true);

        step(id, "Task_ReviewTopic", Map.of("decision", "reject", "rejectionReason", "加装电梯需全体业主同意, 请先征集本单元业主意见。"));
        page = get(path).body();
        assertThat(page).contains("议题不予受理", "社区党委决定不予受理: 加装电梯需全体业主同意", "受理议题 · 已完成");
        assertNamesNobody(page, true);
    }

    @Test
    void aConcernHandedToDeliberation_theDeliberationsMailsCarryALinkToTheConcern() throws Exception {
        String path = raise(concern("小区中心花园想改成停车位", false));
        String id = caseOf(path);
        step(id, "Task_DispatchConcern", Map.of("dispatchDecision", "deliberate", "dispatchNote", "涉及全体业主"));
        String deliberation = runtimeService.createProcessInstanceQuery().superProcessInstanceId(id).singleResult().getId();
        MAIL.purgeEmailFromAllMailboxes();
        step(deliberation, "Task_ReviewTopic", Map.of("decision", "accept", "stakeholders", List.of("ljy3-cppcc-member"),
                "researchers", List.of("ljy3-cppcc-member")));

        String body = body(mailsTo(EMAIL).get(0)); // requester-accepted, sent by the deliberation
        Matcher link = Pattern.compile("/follow/([A-Za-z0-9_-]{43})").matcher(body);
        assertThat(link.find()).as(body).isTrue();
        assertThat(caseOf("/follow/" + link.group(1))).as("the requester follows the concern").isEqualTo(id);
        assertThat(get("/follow/" + link.group(1)).body()).contains("小区中心花园想改成停车位");
    }

    @Test
    void theTokenIsUnguessable_storedOnlyHashed_andAWrongOneIs404() {
        String path = raise(concern("6号楼下水道返味", false));
        String token = path.substring("/follow/".length());
        String id = caseOf(path);
        assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 256 random bits
        assertThat(jdbc.queryForList("SELECT token_hash FROM xs_follow_up WHERE process_instance_id = ?", String.class, id))
                .containsExactly(FollowUpLinks.hash(token)).doesNotContain(token);
        // nowhere in the case: neither its variables nor its history hold the token
        assertThat(runtimeService.getVariables(id).values()).extracting(String::valueOf).noneMatch(v -> v.contains(token));
        assertThat(historyService.createHistoricVariableInstanceQuery().processInstanceId(id).list())
                .extracting(v -> String.valueOf(v.getValue())).noneMatch(v -> v.contains(token));

        String caseNumber = String.valueOf(runtimeService.getVariable(id, "caseNumber"));
        char last = token.charAt(42);
        for (String wrong : new String[] {"/follow/" + FollowUpLinks.newToken(), "/follow/" + token.substring(0, 42) + (last == 'A' ? 'B' : 'A'),
                "/follow/" + caseNumber, "/follow/" + id, "/follow/" + token.substring(1)}) {
            Page page = get(wrong);
            assertThat(page.status()).as(wrong).isEqualTo(404);
            assertThat(page.body()).contains("没有找到这件诉求").doesNotContain("6号楼下水道返味");
            assertThat(post(wrong, Map.of("satisfied", "yes")).status()).isEqualTo(404);
        }
        Page page = get(path);
        assertThat(page.status()).isEqualTo(200);
        // no script, no framing, never cached or indexed; the raise page alike
        for (Page p : new Page[] {page, get("/raise")}) {
            assertThat(p.header("Content-Security-Policy")).contains("default-src 'none'", "frame-ancestors 'none'")
                    .doesNotContain("script-src");
            assertThat(p.header("Cache-Control")).isEqualTo("no-store");
            assertThat(p.header("X-Robots-Tag")).isEqualTo("noindex");
            assertThat(p.body()).doesNotContain("<script");
        }
    }

    /** Neither the requester nor any member of staff: names, contacts, user ids, the technical user. */
    private void assertNamesNobody(String page, boolean named) {
        assertThat(page).doesNotContain(NAME, PHONE, EMAIL, GRID_WORKER, ResidentsDoor.USER, "ljy3-");
        User worker = identityService.createUserQuery().userId(GRID_WORKER).singleResult();
        assertThat(page).doesNotContain(worker.getLastName() + worker.getFirstName(), worker.getLastName() + " " + worker.getFirstName());
        if (worker.getEmail() != null) {
            assertThat(page).doesNotContain(worker.getEmail());
        }
        assertThat(page.contains("匿名(背靠背)")).isEqualTo(!named);
    }
}
