package cn.xieshang.residents;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.notice.NoticeBoard;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.Spin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 线上协商 over plain HTTP: residents leave opinions while a topic gathers them (step 2) and objections during
 * publicity (step 7), by name or anonymously; the committee reviews each in its own task and may hide one with a
 * reason; what residents read never shows a hidden entry's text, the topic's requester or a stakeholder. Every
 * refusal is Chinese and stores nothing. The committee's side in Tasklist: {@code OnlineDeliberationInBrowserTest}.
 */
class OnlineDeliberationTest extends ResidentWalk {

    static final List<String> STAKEHOLDERS = List.of("ljy3-cppcc-member", "ljy3-property-company");
    private static final Pattern STAMP = Pattern.compile("name=\"stamp\" value=\"([^\"]+)\"");

    @Autowired
    NoticeBoard noticeBoard;

    /** The requester's follow-up page of the last topic proposed. */
    String followUp;

    /** A topic proposed on the residents' page by a named requester, accepted and researched: now gathering opinions. */
    String topicGatheringOpinions(String title) {
        Map<String, String> values = concern(title, false);
        values.put("kind", "topic");
        followUp = raise(values);
        String id = caseOf(followUp);
        assertThat(get(followUp).body()).doesNotContain("线上协商");
        // lists as Tasklist sends them: Json
        step(id, "Task_ReviewTopic", Map.of("decision", "accept", "stakeholders", Spin.JSON(STAKEHOLDERS),
                "researchers", Spin.JSON(List.of("ljy3-cppcc-member"))));
        step(id, "Task_FileResearch", Map.of("researchMethods", Spin.JSON(List.of("site-visit")),
                "siteVisitNotes", "实地查看了楼道"));
        return id;
    }

    String caseNumber(String id) {
        return runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult().getBusinessKey();
    }

    String topicPath(String id) {
        return "/online/" + COMMUNITY + "/" + caseNumber(id);
    }

    /** Leaves an entry on the topic's page as a person would (a served stamp, some seconds to write). */
    Page leave(String id, String text, String name) {
        Matcher stamp = STAMP.matcher(get(topicPath(id)).body());
        assertThat(stamp.find()).isTrue();
        later(10);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("stamp", stamp.group(1));
        form.put("website", "");
        form.put("text", text);
        if (name == null) {
            form.put("anonymous", "true");
        } else {
            form.put("name", name);
        }
        return post(topicPath(id), form);
    }

    Task review(String id, String taskKey, String entryId) {
        return taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey(taskKey).list().stream()
                .filter(t -> entryId.equals(taskService.getVariable(t.getId(), "entryId"))).findFirst().orElseThrow();
    }

    @Test
    void opinionsOnline_byNameAndAnonymous_reachTheSummary_andAHiddenOneKeepsOnlyItsReasonInPublic() {
        String id = topicGatheringOpinions("2号楼楼顶想装太阳能板, 大家商量");
        assertThat(get("/online/" + COMMUNITY).body()).contains("2号楼楼顶想装太阳能板", "征求意见中", topicPath(id));
        assertThat(get(followUp).body()).contains("线上协商", "本议题征求意见中", "href=\"" + topicPath(id) + "\"");
        String page = get(topicPath(id)).body();
        assertThat(page).contains("2号楼楼顶想装太阳能板", "征求意见中", "还没有人在网上留言")
                .doesNotContain(NAME, PHONE, EMAIL, "ljy3-cppcc-member", "政协委员");

        Page named = leave(id, "支持, 但要请专业单位检查楼顶承重。", "5号楼王女士");
        assertThat(named.status()).as(named.body()).isEqualTo(200);
        assertThat(named.body()).contains("已收到您的意见", "W1", "5号楼王女士", "请专业单位检查楼顶承重");
        Page anonymous = leave(id, "物业费已经很高, 不要再让居民出钱了, 物业就是一群骗子!", null);
        assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(200);
        assertThat(anonymous.body()).contains("W2", "匿名居民");

        // each entry opens its own review for the committee, which sees the entry there
        Task first = review(id, "Task_ReviewOnlineOpinion", "W1");
        Task second = review(id, "Task_ReviewOnlineOpinion", "W2");
        assertThat(taskService.createTaskQuery().taskId(second.getId()).taskCandidateGroup("party-committee")
                .tenantIdIn(COMMUNITY).count()).isEqualTo(1);
        assertThat(taskService.getVariable(second.getId(), "entryText")).asString().contains("一群骗子");
        assertThat(taskService.getVariable(second.getId(), "entryName")).isEqualTo("匿名居民");

        // hiding needs a reason; refused, nothing changes
        Task open = second;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> formService.submitTaskForm(open.getId(),
                Map.of("entryDecision", "hide"))).hasMessageContaining("隐藏理由");
        assertThat(taskService.createTaskQuery().taskId(open.getId()).count()).isEqualTo(1);

        formService.submitTaskForm(first.getId(), Map.of("entryDecision", "keep"));
        formService.submitTaskForm(second.getId(), Map.of("entryDecision", "hide", "entryHideReason", "含人身攻击"));
        page = get(topicPath(id)).body();
        assertThat(page).contains("请专业单位检查楼顶承重", "该留言已被社区党委隐藏。理由: 含人身攻击")
                .doesNotContain("一群骗子");

        // the stakeholders answer; the committee's summary shows every opinion, the online ones marked, the hidden one too
        for (String stakeholder : STAKEHOLDERS) {
            Task task = taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey("Task_GiveOpinion")
                    .taskAssignee(stakeholder).singleResult();
            formService.submitTaskForm(task.getId(), Map.of("opinion", "同意, " + stakeholder));
        }
        executeAsyncSteps(id);
        Task summary = taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey("Task_SummariseSuggestions")
                .singleResult();
        String opinions = String.valueOf(taskService.getVariable(summary.getId(), "opinionsText"));
        assertThat(opinions).contains("网上 · 5号楼王女士(W1): 支持, 但要请专业单位检查楼顶承重。",
                "网上 · 匿名居民(W2, 已隐藏: 含人身攻击)", "同意, ljy3-property-company");
        // the step is over: the page takes nothing more and stores nothing
        Page closed = get(topicPath(id));
        assertThat(closed.status()).isEqualTo(404);
        assertThat(closed.body()).contains("不在征求意见或公示期间").doesNotContain("<form");
        Page late = post(topicPath(id), Map.of("stamp", servedStamp(), "website", "", "text", "还有一点意见", "name", "李先生"));
        assertThat(late.status()).isEqualTo(404);
        assertThat(CaseRecord.entries(runtimeService.getVariable(id, "onlineEntries"))).hasSize(2);
        assertThat(CaseRecord.entries(runtimeService.getVariable(id, "moderations")))
                .extracting(m -> m.get("entry") + ":" + m.get("decision")).containsExactly("W1:keep", "W2:hide");
    }

    @Test
    void badInputTheBotTrapAndTheLimitAreRefusedInChinese_andStoreNothing() {
        String id = topicGatheringOpinions("小区东门想改成人车分流");
        Page empty = leave(id, "  ", "赵先生");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("提交未成功", "您的意见和建议", "什么也没有保存");
        Page tag = leave(id, "<script>alert(1)</script>", "赵先生");
        assertThat(tag.status()).isEqualTo(400);
        assertThat(tag.body()).doesNotContain("<script>alert");
        Page tooLong = leave(id, "长".repeat(2001), "赵先生");
        assertThat(tooLong.status()).isEqualTo(400);
        Page noName = leave(id, "同意分流", "");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.body()).contains("请填写称呼");

        Map<String, String> bot = new LinkedHashMap<>();
        Matcher stamp = STAMP.matcher(get(topicPath(id)).body());
        assertThat(stamp.find()).isTrue();
        later(10);
        bot.put("stamp", stamp.group(1));
        bot.put("website", "http://spam.example");
        bot.put("text", "同意");
        bot.put("anonymous", "true");
        assertThat(post(topicPath(id), bot).body()).contains("请不要填写页面上隐藏的栏目");

        for (int i = 1; i <= 10; i++) {
            assertThat(leave(id, "第" + i + "条意见", null).status()).isEqualTo(200);
        }
        Page limited = leave(id, "第11条意见", null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body()).contains("已达上限");

        assertThat(CaseRecord.entries(runtimeService.getVariable(id, "onlineEntries"))).hasSize(10);
        List<Task> reviews = taskService.createTaskQuery().processInstanceId(id)
                .taskDefinitionKey("Task_ReviewOnlineOpinion").list();
        assertThat(reviews).hasSize(10);
        // reviewed, so that ten tasks due in 2 days do not crowd the committee's lists in the Tasklist walks
        reviews.forEach(review -> formService.submitTaskForm(review.getId(), Map.of("entryDecision", "keep")));
        assertThat(get("/online/" + COMMUNITY + "/XS-0000-000000").status()).isEqualTo(404);
        assertThat(get("/online/nowhere").status()).isEqualTo(404);
    }

    @Test
    void anObjectionOnlineDuringPublicity_isTheResidentsObjection_andHiddenItLeavesTheNoticeBoard() {
        String id = topicGatheringOpinions("小区南侧围墙破损");
        runtimeService.setVariable(id, "planContent", "修补围墙, 由物业承担费用");
        runtimeService.createProcessInstanceModification(id).cancelAllForActivity("SubProcess_GatherOpinions")
                .startBeforeActivity("SubProcess_Publicity").execute();
        String page = get(topicPath(id)).body();
        assertThat(page).contains("结果公示中", "修补围墙, 由物业承担费用", "对公示提出异议");

        Page objection = leave(id, "围墙修补后仍有一段没有修, 在3号楼北侧。", "3号楼居民");
        assertThat(objection.status()).as(objection.body()).isEqualTo(200);
        assertThat(waitingAt(id, "Task_HandleObjection")).isTrue();
        // while the committee answers it, a second one waits, as in Tasklist
        Page second = leave(id, "另一条异议", null);
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.body()).contains("有一条异议正在由社区党委处理");
        assertThat(CaseRecord.entries(runtimeService.getVariable(id, "onlineEntries"))).hasSize(1);

        step(id, "Task_HandleObjection", Map.of("objectionResponse", "已安排补修3号楼北侧。", "objectionUpheld", "no"));
        assertThat(noticeBoard.find(id).orElseThrow().content().toString()).contains("仍有一段没有修");
        formService.submitTaskForm(review(id, "Task_ReviewOnlineObjection", "W1").getId(),
                Map.of("entryDecision", "hide", "entryHideReason", "写了邻居的门牌号"));
        String notice = noticeBoard.find(id).orElseThrow().content().toString();
        assertThat(notice).contains("该异议已被社区党委隐藏, 理由: 写了邻居的门牌号", "已安排补修3号楼北侧")
                .doesNotContain("仍有一段没有修");
        assertThat(CaseRecord.entries(runtimeService.getVariable(id, "objections")).get(0).get("entry")).isEqualTo("W1");
        assertThat(runtimeService.getVariable(id, NoticeBoard.ONLINE_OBJECTION)).isNull();
    }

    private boolean waitingAt(String id, String taskKey) {
        return taskService.createTaskQuery().processInstanceId(id).taskDefinitionKey(taskKey).count() == 1;
    }
}
