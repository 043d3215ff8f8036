package cn.xieshang.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What counts is read from the models' process properties, and only from them. */
class TotalsCountingTest {

    @Test
    void theModelDeclaresWhatCounts() {
        Counting deliberation = Counting.of("deliberation", Map.of("totalsTopic", "key", "totalsTopicFrom", "Task_FileResearch",
                "totalsActivities", "Task_HoldConsultation", "totalsParticipants", "Task_GiveOpinion",
                "totalsSettled", "EndEvent_DeliberationCompleted"));
        assertThat(deliberation.counts()).isTrue();
        assertThat(deliberation.topicFrom()).isEqualTo("Task_FileResearch");
        assertThat(deliberation.participantActivity()).isEqualTo("Task_GiveOpinion");
        assertThat(deliberation.participantVariable()).isNull();
        Counting consultation = Counting.of("consultation", Map.of("totalsParticipants", "Task_RecordMeeting:participantCount",
                "totalsSettled", "Task_ReportItemHandling, EndEvent_X"));
        assertThat(consultation.participantVariable()).isEqualTo("participantCount");
        assertThat(consultation.settled()).containsExactly("Task_ReportItemHandling", "EndEvent_X");
    }

    @Test
    void aProcessCountsOnlyWhenItsModelDeclaresIt() {
        Counting concern = Counting.of("concern", Map.of("totalsTopic", "micro",
                "totalsSettled", "EndEvent_ConcernSettled,EndEvent_ConcernAnswered"));
        assertThat(concern.counts()).isTrue();
        assertThat(concern.topic()).isEqualTo("micro");
        assertThat(concern.settled()).containsExactly("EndEvent_ConcernSettled", "EndEvent_ConcernAnswered");
        assertThat(Counting.of("escalation", Map.of()).counts()).isFalse();
    }

    @Test
    void periodsAreLabelledForPeople() {
        assertThat(List.of(Totals.label(2031, 3, Totals.Period.month), Totals.label(2031, 3, Totals.Period.quarter),
                Totals.label(2031, 10, Totals.Period.quarter), Totals.label(2031, 3, Totals.Period.year)))
                .containsExactly("2031-03", "2031-Q1", "2031-Q4", "2031");
    }
}
