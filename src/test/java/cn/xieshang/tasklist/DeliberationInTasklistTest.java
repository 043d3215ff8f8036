package cn.xieshang.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seven steps (七步工作法) walked entirely in Tasklist as the demo users, each finding their task through their
 * filter: a resident raises the topic with the start form; the party committee accepts it and names a researcher,
 * who files the research (a task offered to them by name); the stakeholders give their opinions; the plan is drafted,
 * agreed, voted, assigned, reported done and accepted by a supervisor (named); an objection during publicity is
 * answered; the publicity period ends the case. The two branches no main path passes — a deadlock after three rounds
 * handed to the street office, and a failed vote ended — are walked in the browser from where they start.
 */
class DeliberationInTasklistTest extends TasklistWalk {

    static final String RESIDENT = "ljy3-resident";
    static final String COMMITTEE = "ljy3-party-committee";
    static final String COUNCIL = "ljy3-deliberation-council";
    static final String ASSEMBLY = "ljy3-representative-assembly";
    static final String RESIDENTS_COMMITTEE = "ljy3-residents-committee";
    static final String RESEARCHER = "ljy3-cppcc-member";
    static final String REPRESENTATIVE = "ljy3-resident-representative";
    static final String UNIT = "ljy3-responsible-unit";
    static final String SUPERVISOR = "ljy3-resident-representative-2";
    static final String STREET = "laojunying-street";
    static final List<String> STAKEHOLDERS = List.of(RESEARCHER, REPRESENTATIVE);

    static final List<String> MAIN_PATH_FORMS = List.of("raise-topic", "review-topic", "file-research",
            "give-opinion", "summarise-suggestions", "draft-plan", "hold-consultation", "record-vote",
            "assign-implementation", "report-progress", "accept-result", "raise-objection", "handle-objection");
    static final List<String> DEADLOCK_FORMS = List.of("decide-deadlock", "handle-escalation");
    static final List<String> FAILED_VOTE_FORMS = List.of("decide-after-failed-vote");

    @Test
    void chargingPilesFromTheTopicToTheEndOfPublicity() {
        tasklist.walk("deliberation");
        String title = unique("水利大厦宿舍缺少车棚和充电桩");
        String id = startInTasklist(RESIDENT, "deliberation", "社区协商议事", title, form -> {
            form.type("title", title);
            form.type("description", "3幢楼54户居民, 没有车棚和充电桩, 飞线充电、电动自行车入户现象严重。");
            form.type("location", "水利大厦宿舍");
            form.choose("category", "电动车充电");
            form.choose("channel", "面对面");
            form.type("requesterName", "杜翠萍");
            form.type("requesterContact", "13912345678");
        });

        // 1 提议题: the committee accepts, chooses the stakeholders and names the researcher
        act(COMMITTEE, Tasklist.GROUP_TASKS, id, "Task_ReviewTopic", form -> {
            form.pick("decision", "受理");
            STAKEHOLDERS.forEach(s -> form.tick("stakeholders", label(id, "stakeholderPool", s)));
            form.tick("researchers", label(id, "researcherPool", RESEARCHER));
            form.type("stakeholderNote", "第三方充电桩企业列席协商会。");
        });
        // 不调研不协商: the task is offered to the researcher by name
        act(RESEARCHER, Tasklist.MY_TASKS, id, "Task_FileResearch", form -> {
            form.tick("researchMethods", "实地走访");
            form.tick("researchMethods", "问卷调查");
            form.type("siteVisitNotes", "实地查看3幢楼, 楼道内有飞线充电。");
            form.number("respondents", 54);
            form.type("questionnaireSummary", "54户中49户支持安装充电桩。");
        });
        // 2 出主意: each stakeholder's own task
        for (String stakeholder : STAKEHOLDERS) {
            act(stakeholder, Tasklist.MY_TASKS, id, "Task_GiveOpinion",
                    form -> form.type("opinion", "建议安装两组充电桩, 费用由维修基金和第三方企业分担。"));
        }
        assertThat(variable(id, "missingOpinionsText")).isEqualTo("无");
        act(COMMITTEE, Tasklist.GROUP_TASKS, id, "Task_SummariseSuggestions",
                form -> form.type("suggestions", "安装两组充电桩并搭建车棚, 费用多方分担。"));

        // 3 出方案, 4 达共识, 5 定结果
        act(COUNCIL, Tasklist.GROUP_TASKS, id, "Task_DraftPlan", form -> {
            form.type("planContent", "在3号楼北侧安装两组共20个充电桩并搭建车棚。");
            form.type("costBearer", "维修基金与第三方企业");
            form.type("planImplementer", "第三方充电桩企业");
            form.date("plannedCompletion", today().plusDays(60));
            form.type("changeNote", "初稿");
        });
        act(COMMITTEE, Tasklist.GROUP_TASKS, id, "Task_HoldConsultation", form -> {
            form.type("attendees", "区政协委员、街道城建股、小区党支部书记、居民代表、第三方企业");
            form.type("discussion", "各方就方案逐条讨论, 同意由维修基金和企业分担费用。");
            form.pick("consensus", "是");
        });
        act(ASSEMBLY, Tasklist.GROUP_TASKS, id, "Task_RecordVote", form -> {
            form.number("seatedRepresentatives", 30);
            form.number("presentRepresentatives", 25);
            form.number("votesFor", 20);
            form.number("votesAgainst", 3);
            form.number("votesAbstain", 2);
            form.type("voteNotes", "举手表决。");
        });
        assertThat(variable(id, "votePassed")).isEqualTo(true);

        // 6 抓落实: the responsible unit reports, a supervisor (named) accepts
        act(RESIDENTS_COMMITTEE, Tasklist.GROUP_TASKS, id, "Task_AssignImplementation", form -> {
            form.choose("implementer", label(id, "implementerPool", UNIT));
            form.date("implementationDeadline", today().plusDays(30));
            form.tick("supervisors", label(id, "supervisorPool", SUPERVISOR));
            form.type("assignmentNote", "请按方案施工, 每周报告进展。");
        });
        act(UNIT, Tasklist.MY_TASKS, id, "Task_ReportProgress", form -> {
            form.number("progressPercent", 100);
            form.type("progressNotes", "两组充电桩已安装并通电, 车棚已搭好。");
        });
        act(SUPERVISOR, Tasklist.MY_TASKS, id, "Task_AcceptResult", form -> form.pick("resultAccepted", "是"));

        // 7 受监督: an objection during publicity, answered; the period ends the case
        act(REPRESENTATIVE, Tasklist.GROUP_TASKS, id, "Task_RaiseObjection",
                form -> form.type("objection", "车棚顶棚在雨天漏水。"));
        act(COMMITTEE, Tasklist.GROUP_TASKS, id, "Task_HandleObjection", form -> {
            form.type("objectionResponse", "施工单位已复查, 顶棚接缝已重新密封。");
            form.pick("objectionUpheld", "否");
        });
        assertThat(waitingAt(id)).containsExactly("Task_RaiseObjection");
        passTime(id, 8);

        assertThat(endedAt(id)).isEqualTo("EndEvent_DeliberationCompleted");
        assertThat(variable(id, "objections").toString()).contains("车棚顶棚在雨天漏水", "顶棚接缝已重新密封");
        assertWalked(MAIN_PATH_FORMS);
    }

    @Test
    void afterThreeRoundsWithoutConsensusTheCommitteeHandsItToTheStreetWhichSettlesIt() {
        tasklist.walk("deliberation-deadlock");
        String title = unique("兆阳小区33号楼5单元厨房下水堵塞");
        String id = toConsultation(title);
        for (int round = 1; round <= 3; round++) {
            completeOverRest(COMMITTEE, id, "Task_HoldConsultation", Map.of("attendees", "两委、物业、涉事业主",
                    "discussion", "一楼业主不同意在其家中施工", "consensus", "no"));
            if (round < 3) {
                completeOverRest(COUNCIL, id, "Task_DraftPlan", plan("第" + (round + 1) + "稿"));
            }
        }

        act(COMMITTEE, Tasklist.GROUP_TASKS, id, "Task_DecideDeadlock", form -> {
            form.pick("deadlockOutcome", "提交街道办处理");
            form.type("disagreementRecord", "一楼业主不同意在其家中施工, 四户分摊费用方案未获一致同意。");
        });
        act(STREET, Tasklist.GROUP_TASKS, id, "Task_HandleEscalation", form -> {
            form.pick("escalationAction", "本级办结");
            form.type("levelNotes", "街道城建股协调一楼业主, 由物业先行改管。");
        });

        assertThat(endedAt(id)).isEqualTo("EndEvent_EscalatedToStreet");
        assertThat(variable(id, "streetDecision")).isEqualTo("街道城建股协调一楼业主, 由物业先行改管。");
        assertWalked(DEADLOCK_FORMS);
    }

    @Test
    void aFailedVoteIsEndedByTheCommittee() {
        tasklist.walk("deliberation-failed-vote");
        String id = toConsultation(unique("在小区中心花园建停车位"));
        completeOverRest(COMMITTEE, id, "Task_HoldConsultation",
                Map.of("attendees", "两委、居民代表", "discussion", "分歧较大", "consensus", "yes"));
        completeOverRest(ASSEMBLY, id, "Task_RecordVote", Map.of("seatedRepresentatives", 30,
                "presentRepresentatives", 30, "votesFor", 8, "votesAgainst", 20, "votesAbstain", 2));
        assertThat(variable(id, "votePassed")).isEqualTo(false);

        act(COMMITTEE, Tasklist.GROUP_TASKS, id, "Task_DecideAfterFailedVote", form -> {
            form.pick("afterFailedVote", "结束议题");
            form.type("failedVoteNote", "多数代表反对占用绿地。");
        });

        assertThat(endedAt(id)).isEqualTo("EndEvent_PlanRejectedByVote");
        assertWalked(FAILED_VOTE_FORMS);
    }

    /** Steps 1 to 3 over REST, as the main path walks them in the browser: the first draft waits for consultation. */
    private String toConsultation(String title) {
        String id = startOverRest(RESIDENT, "deliberation", topic(title));
        completeOverRest(COMMITTEE, id, "Task_ReviewTopic", Map.of("decision", "accept",
                "stakeholders", List.of(RESEARCHER), "researchers", List.of(RESEARCHER)));
        completeOverRest(RESEARCHER, id, "Task_FileResearch", Map.of("researchMethods", List.of("site-visit"),
                "siteVisitNotes", "实地查看"));
        completeOverRest(RESEARCHER, id, "Task_GiveOpinion", Map.of("opinion", "同意"));
        completeOverRest(COMMITTEE, id, "Task_SummariseSuggestions", Map.of("suggestions", "先改管"));
        completeOverRest(COUNCIL, id, "Task_DraftPlan", plan("初稿"));
        return id;
    }

    private static Map<String, Object> plan(String content) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("planContent", content);
        values.put("costBearer", "四户分摊");
        values.put("planImplementer", "物业公司");
        values.put("plannedCompletion", today().plusDays(30).toString());
        return values;
    }
}
