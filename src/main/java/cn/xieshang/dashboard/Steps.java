package cn.xieshang.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Group;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * The steps of a process as its model draws them, for counting open cases per step. A process whose diagram frames
 * its activities in groups ({@code bpmn:group}, the deliberation's seven steps) has one step per group, named by the
 * group's category value, holding every flow node whose shape's centre lies inside the group's bounds (a node inside
 * a sub-process that is drawn collapsed elsewhere belongs where its sub-process is drawn); groups read top to bottom,
 * then left to right. A flow node outside every group — and every flow node of a process without groups — is a step
 * of its own, named as the model names it. So a designer who renames or redraws a step sees it on the dashboard.
 *
 * @param steps in the order a person reads them
 * @param stepOf the step of each flow node id (with {@code <id>#multiInstanceBody} for a multi-instance activity)
 */
record Steps(List<Step> steps, Map<String, String> stepOf) {

    /**
     * One step: a group or a single flow node.
     *
     * @param shown whether the dashboard lists it even with no open case (the groups, user tasks and call activities:
     *        where a case waits for people)
     */
    record Step(String id, String name, boolean shown) {
    }

    private record Box(double x, double y, double width, double height) {

        boolean holds(Box other) {
            double cx = other.x + other.width / 2;
            double cy = other.y + other.height / 2;
            return cx >= x && cx <= x + width && cy >= y && cy <= y + height;
        }
    }

    static Steps of(BpmnModelInstance model, String processKey) {
        Map<String, Box> shapes = new HashMap<>();
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            Bounds bounds = shape.getBounds();
            if (shape.getBpmnElement() != null && bounds != null) {
                shapes.put(shape.getBpmnElement().getId(), new Box(bounds.getX(), bounds.getY(), bounds.getWidth(),
                        bounds.getHeight()));
            }
        }
        List<Group> groups = new ArrayList<>(model.getModelElementsByType(Group.class).stream()
                .filter(g -> shapes.containsKey(g.getId()) && g.getCategory() != null).toList());
        groups.sort(Comparator.<Group>comparingDouble(g -> shapes.get(g.getId()).y())
                .thenComparingDouble(g -> shapes.get(g.getId()).x()));

        Map<String, Step> steps = new LinkedHashMap<>();
        groups.forEach(g -> steps.put(g.getId(), new Step(g.getId(), g.getCategory().getValue(), true)));
        Map<String, String> stepOf = new LinkedHashMap<>();
        ModelElementInstance process = model.getModelElementById(processKey);
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            if (!within(node, process)) {
                continue;
            }
            Box box = drawnAt(node, shapes);
            Group group = box == null ? null
                    : groups.stream().filter(g -> shapes.get(g.getId()).holds(box)).findFirst().orElse(null);
            String step;
            if (group != null) {
                step = group.getId();
            } else {
                step = node.getId();
                steps.put(step, new Step(step, node.getName() == null ? node.getId() : node.getName(),
                        node instanceof UserTask || node instanceof CallActivity));
            }
            stepOf.put(node.getId(), step);
            if (node instanceof Activity activity && activity.getLoopCharacteristics() != null) {
                stepOf.put(node.getId() + "#multiInstanceBody", step);
            }
        }
        return new Steps(List.copyOf(steps.values()), stepOf);
    }

    /** The shape a node is drawn as, or that of the nearest sub-process drawn around it. */
    private static Box drawnAt(FlowNode node, Map<String, Box> shapes) {
        for (ModelElementInstance e = node; e != null; e = e.getParentElement()) {
            if (e instanceof FlowNode flowNode && shapes.containsKey(flowNode.getId())) {
                return shapes.get(flowNode.getId());
            }
            if (e != node && !(e instanceof SubProcess)) {
                return null;
            }
        }
        return null;
    }

    private static boolean within(ModelElementInstance node, ModelElementInstance process) {
        for (ModelElementInstance e = node; e != null; e = e.getParentElement()) {
            if (e == process) {
                return true;
            }
        }
        return process == null;
    }
}
