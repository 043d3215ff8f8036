package cn.xieshang.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Group;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deliberation diagram is what managers read in Cockpit: the seven steps as rows top to bottom, each framed by
 * a group named for its step, drawn so that it stays legible when Cockpit fits it to the screen. Checked on the
 * file designers edit, so a careless edit in the Modeler shows up here rather than in front of a manager.
 */
class DeliberationDiagramTest {

    /** The element ids are public API (history, tasks, jobs, reports refer to them): a re-drawing keeps them all. */
    static final Set<String> FLOW_NODES = Set.of(
            "EndEvent_ClosedWithoutConsensus", "EndEvent_DeliberationCompleted", "EndEvent_EscalatedToStreet",
            "EndEvent_ImplementationAccepted", "EndEvent_ObjectionUpheld", "EndEvent_OpinionsGiven",
            "EndEvent_OpinionsReminded", "EndEvent_OverdueSupervised", "EndEvent_PlanRejectedByVote",
            "EndEvent_ProgressReminded", "EndEvent_TopicMerged", "EndEvent_TopicRejected", "Gateway_AfterFailedVote",
            "Gateway_ConsensusReached", "Gateway_DeadlockOutcome", "Gateway_ImplementationDone",
            "Gateway_ImplementationJoin", "Gateway_MoreRounds", "Gateway_ObjectionJoin", "Gateway_ObjectionUpheld",
            "Gateway_OpinionsGathered", "Gateway_PlanDraftJoin", "Gateway_ProgressJoin", "Gateway_ResultAccepted",
            "Gateway_TopicDecision", "Gateway_VotePassed", "StartEvent_ImplementationStarted",
            "StartEvent_OpinionsRequested", "StartEvent_PublicityStarted", "StartEvent_TopicRaised",
            "SubProcess_GatherOpinions", "SubProcess_Implementation", "SubProcess_Publicity", "Task_AcceptResult",
            "Task_AssignImplementation", "Task_DecideAfterFailedVote", "Task_DecideDeadlock",
            "Task_DecideVoteOutcome", "Task_DraftPlan", "Task_FileResearch", "Task_GenerateSummary",
            "Task_GiveOpinion", "Task_HandleObjection", "Task_HoldConsultation", "Task_MergeTopic",
            "Task_NotifyRequesterAccepted", "Task_NotifyRequesterDecided", "Task_NotifyRequesterDone",
            "Task_PublishNotice", "Task_PublishResult", "Task_RaiseObjection", "Task_RecordVote",
            "Task_RemindOpinions", "Task_RemindProgress", "Task_ReportProgress", "Task_ReviewTopic",
            "Task_StreetHandleDeadlock", "Task_SummariseSuggestions", "Task_SuperviseOverdue",
            "Timer_ImplementationOverdue", "Timer_OpinionDeadline", "Timer_OpinionReminder",
            "Timer_ProgressReminder", "Timer_PublicityEnds",
            // 线上协商: the online entries' review, one per step that takes them
            "SubProcess_ReviewOnlineOpinion", "StartEvent_OnlineOpinionPosted", "Task_ReviewOnlineOpinion",
            "EndEvent_OnlineOpinionReviewed", "SubProcess_ReviewOnlineObjection", "StartEvent_OnlineObjectionPosted",
            "Task_ReviewOnlineObjection", "EndEvent_OnlineObjectionReviewed");

    static final Set<String> SEQUENCE_FLOWS = Set.of(
            "Flow_AnotherRound", "Flow_ConsensusReached", "Flow_DeadlockClosed", "Flow_DeadlockEscalated",
            "Flow_EndAfterFailedVote", "Flow_ImplementationDone", "Flow_ImplementationOngoing", "Flow_NoConsensus",
            "Flow_ObjectionDismissed", "Flow_ObjectionUpheld", "Flow_OpinionDeadlinePassed", "Flow_OpinionsGathered",
            "Flow_PublicityEnded", "Flow_Redraft", "Flow_Reimplement", "Flow_ResultAccepted", "Flow_ResultSentBack",
            "Flow_RoundsExhausted", "Flow_ToAfterFailedVote", "Flow_ToConsensusReached", "Flow_ToDeadlockOutcome",
            "Flow_ToDecideVoteOutcome", "Flow_ToDeliberationCompleted", "Flow_ToDraftPlan",
            "Flow_ToEscalatedToStreet", "Flow_ToFileResearch", "Flow_ToGatherOpinions", "Flow_ToGiveOpinion",
            "Flow_ToHandleObjection", "Flow_ToHoldConsultation", "Flow_ToImplementation",
            "Flow_ToImplementationDone", "Flow_ToImplementationJoin", "Flow_ToNotifyRequesterDecided",
            "Flow_ToNotifyRequesterDone", "Flow_ToObjectionJoin", "Flow_ToObjectionUpheld", "Flow_ToOpinionsGiven",
            "Flow_ToOpinionsReminded", "Flow_ToOverdueSupervised", "Flow_ToPlanDraftJoin", "Flow_ToProgressJoin",
            "Flow_ToProgressReminded", "Flow_ToPublicity", "Flow_ToPublishNotice", "Flow_ToPublishResult",
            "Flow_ToRaiseObjection", "Flow_ToRemindOpinions", "Flow_ToRemindProgress", "Flow_ToReportProgress",
            "Flow_ToResultAccepted", "Flow_ToReviewTopic", "Flow_ToSummariseSuggestions", "Flow_ToSuperviseOverdue",
            "Flow_ToTopicDecision", "Flow_ToTopicMergedEnd", "Flow_ToVotePassed", "Flow_TopicAccepted",
            "Flow_TopicMerged", "Flow_TopicRejected", "Flow_VoteFailed", "Flow_VotePassed",
            "Flow_ToReviewOnlineOpinion", "Flow_ToOnlineOpinionReviewed", "Flow_ToReviewOnlineObjection",
            "Flow_ToOnlineObjectionReviewed");

    static final List<String> STEPS = List.of("第一步", "第二步", "第三步", "第四步", "第五步", "第六步", "第七步");

    /**
     * Cockpit fits the whole diagram into its wide, low diagram panel: a long strip (the old drawing was 6.4 times as
     * wide as high) shrinks until nothing can be read.
     */
    static final double MAX_WIDTH_PER_HEIGHT = 2.2;

    /** How far an edge may end from its shape's border and still be drawn as touching it. */
    static final double TOLERANCE = 1;

    static BpmnModelInstance model;
    static final Map<String, Box> shapes = new HashMap<>();

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("processes/deliberation.bpmn"))) {
            model = Bpmn.readModelFromStream(in);
        }
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            shapes.put(shape.getBpmnElement().getId(), Box.of(shape.getBounds()));
        }
    }

    @Test
    void theElementIdsAreThoseOfThePublishedModel() {
        assertThat(ids(FlowNode.class)).isEqualTo(FLOW_NODES);
        assertThat(ids(SequenceFlow.class)).isEqualTo(SEQUENCE_FLOWS);
    }

    @Test
    void sevenGroupsNameTheStepsInOrderTopToBottom() {
        List<Group> groups = groupsTopToBottom();
        assertThat(groups).hasSize(STEPS.size());
        for (int i = 0; i < STEPS.size(); i++) {
            Group group = groups.get(i);
            assertThat(group.getCategory()).as(group.getId() + " category value").isNotNull();
            assertThat(group.getCategory().getValue()).as(group.getId()).startsWith(STEPS.get(i));
        }
        for (int i = 1; i < groups.size(); i++) {
            assertThat(box(groups.get(i)).y()).as(groups.get(i).getId() + " below " + groups.get(i - 1).getId())
                    .isGreaterThanOrEqualTo(box(groups.get(i - 1)).bottom());
        }
    }

    @Test
    void everyFlowNodeIsDrawnInExactlyOneStep() {
        List<Group> groups = groupsTopToBottom();
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            assertThat(shapes).as(node.getId() + " drawn").containsKey(node.getId());
            List<String> holders = groups.stream().filter(g -> box(g).contains(shapes.get(node.getId())))
                    .map(g -> g.getCategory().getValue()).toList();
            assertThat(holders).as(node.getId() + " inside one step's group").hasSize(1);
        }
    }

    @Test
    void noTwoShapesOverlap() {
        List<FlowNode> nodes = new ArrayList<>(model.getModelElementsByType(FlowNode.class));
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                FlowNode a = nodes.get(i);
                FlowNode b = nodes.get(j);
                if (drawnOnEachOther(a, b)) {
                    continue;
                }
                assertThat(shapes.get(a.getId()).overlaps(shapes.get(b.getId())))
                        .as(a.getId() + " overlaps " + b.getId()).isFalse();
            }
        }
    }

    @Test
    void everySequenceFlowRunsOrthogonallyFromTheBorderOfItsSourceToTheBorderOfItsTarget() {
        Map<String, BpmnEdge> edges = model.getModelElementsByType(BpmnEdge.class).stream()
                .collect(Collectors.toMap(e -> e.getBpmnElement().getId(), e -> e));
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            assertThat(edges).as(flow.getId() + " drawn").containsKey(flow.getId());
            List<Waypoint> points = new ArrayList<>(edges.get(flow.getId()).getWaypoints());
            assertThat(points).as(flow.getId() + " waypoints").hasSizeGreaterThanOrEqualTo(2);
            Waypoint first = points.get(0);
            Waypoint last = points.get(points.size() - 1);
            assertThat(shapes.get(flow.getSource().getId()).onBorder(first.getX(), first.getY()))
                    .as(flow.getId() + " starts on the border of " + flow.getSource().getId()).isTrue();
            assertThat(shapes.get(flow.getTarget().getId()).onBorder(last.getX(), last.getY()))
                    .as(flow.getId() + " ends on the border of " + flow.getTarget().getId()).isTrue();
            for (int i = 1; i < points.size(); i++) {
                Waypoint p = points.get(i - 1);
                Waypoint q = points.get(i);
                assertThat(p.getX().equals(q.getX()) || p.getY().equals(q.getY()))
                        .as(flow.getId() + " segment " + i + " horizontal or vertical").isTrue();
            }
        }
    }

    @Test
    void noLabelLiesOnAShape() {
        Map<BaseElement, Box> labels = new LinkedHashMap<>();
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            if (shape.getBpmnLabel() != null && shape.getBpmnElement() instanceof FlowNode) {
                labels.put(shape.getBpmnElement(), Box.of(shape.getBpmnLabel().getBounds()));
            }
        }
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            BpmnLabel label = edge.getBpmnLabel();
            if (label != null) {
                labels.put(edge.getBpmnElement(), Box.of(label.getBounds()));
            }
        }
        labels.forEach((element, label) -> {
            for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
                if (node != element && !isInside(element, node)) {
                    assertThat(label.overlaps(shapes.get(node.getId())))
                            .as("label of " + element.getId() + " on " + node.getId()).isFalse();
                }
            }
        });
    }

    @Test
    void theDiagramIsAtMostAboutTwiceAsWideAsHigh() {
        double left = Double.MAX_VALUE;
        double top = Double.MAX_VALUE;
        double right = -Double.MAX_VALUE;
        double bottom = -Double.MAX_VALUE;
        for (Box box : shapes.values()) {
            left = Math.min(left, box.x());
            top = Math.min(top, box.y());
            right = Math.max(right, box.right());
            bottom = Math.max(bottom, box.bottom());
        }
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            for (Waypoint point : edge.getWaypoints()) {
                left = Math.min(left, point.getX());
                top = Math.min(top, point.getY());
                right = Math.max(right, point.getX());
                bottom = Math.max(bottom, point.getY());
            }
        }
        assertThat((right - left) / (bottom - top)).as("width / height of %.0f x %.0f", right - left, bottom - top)
                .isLessThanOrEqualTo(MAX_WIDTH_PER_HEIGHT);
    }

    private static Set<String> ids(Class<? extends BaseElement> type) {
        return model.getModelElementsByType(type).stream().map(BaseElement::getId).collect(Collectors.toSet());
    }

    private static List<Group> groupsTopToBottom() {
        List<Group> groups = new ArrayList<>(model.getModelElementsByType(Group.class));
        groups.forEach(g -> assertThat(shapes).as(g.getId() + " drawn").containsKey(g.getId()));
        groups.sort(Comparator.comparingDouble(g -> box(g).y()));
        return groups;
    }

    private static Box box(Group group) {
        return shapes.get(group.getId());
    }

    /** A sub-process frames its own contents, and a boundary event sits on the border of its activity. */
    private static boolean drawnOnEachOther(FlowNode a, FlowNode b) {
        return isInside(a, b) || isInside(b, a) || attachedTo(a, b) || attachedTo(b, a);
    }

    private static boolean isInside(ModelElementInstance element, FlowNode container) {
        for (ModelElementInstance parent = element.getParentElement(); parent != null; parent = parent.getParentElement()) {
            if (parent == container && container instanceof SubProcess) {
                return true;
            }
        }
        return false;
    }

    private static boolean attachedTo(FlowNode event, FlowNode activity) {
        return event instanceof BoundaryEvent boundary && boundary.getAttachedTo() == activity;
    }

    record Box(double x, double y, double width, double height) {

        static Box of(Bounds bounds) {
            return new Box(bounds.getX(), bounds.getY(), bounds.getWidth(), bounds.getHeight());
        }

        double right() {
            return x + width;
        }

        double bottom() {
            return y + height;
        }

        boolean contains(Box other) {
            return other.x >= x && other.y >= y && other.right() <= right() && other.bottom() <= bottom();
        }

        /** Interiors that share area; touching borders do not count. */
        boolean overlaps(Box other) {
            return x < other.right() && other.x < right() && y < other.bottom() && other.y < bottom();
        }

        boolean onBorder(double px, double py) {
            boolean withinX = px >= x - TOLERANCE && px <= right() + TOLERANCE;
            boolean withinY = py >= y - TOLERANCE && py <= bottom() + TOLERANCE;
            boolean onSide = Math.abs(px - x) <= TOLERANCE || Math.abs(px - right()) <= TOLERANCE;
            boolean onTopOrBottom = Math.abs(py - y) <= TOLERANCE || Math.abs(py - bottom()) <= TOLERANCE;
            return (onSide && withinY) || (onTopOrBottom && withinX);
        }
    }
}
