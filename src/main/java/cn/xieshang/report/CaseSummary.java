package cn.xieshang.report;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.deliberation.Lists;
import cn.xieshang.deliberation.People;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * The written summary of a whole deliberation (书面总结), as a PDF in Chinese: every step's record from the
 * case's variables. Attached to the case (an attachment, and the file variable {@code caseSummaryPdf} that Cockpit
 * offers for download while the case runs): first when the result is published, again when the case ends.
 * It never names the requester.
 */
@Component("caseSummary")
public class CaseSummary {

    public static final String VARIABLE = "caseSummaryPdf";

    private final TaskService taskService;
    private final People people;
    private final Lists lists;

    CaseSummary(TaskService taskService, People people, Lists lists) {
        this.taskService = taskService;
        this.people = people;
        this.lists = lists;
    }

    public void generate(DelegateExecution execution) {
        DelegateExecution instance = execution.getProcessInstance();
        byte[] pdf = render(instance);
        String name = "书面总结-" + instance.getProcessBusinessKey() + ".pdf";
        // one summary per case: a newer one (at the end of the publicity period) replaces the earlier one
        taskService.getProcessInstanceAttachments(instance.getProcessInstanceId()).stream()
                .filter(a -> name.equals(a.getName())).forEach(a -> taskService.deleteAttachment(a.getId()));
        taskService.createAttachment("application/pdf", null, instance.getProcessInstanceId(), name,
                "议题“" + instance.getVariable("title") + "”的书面总结", new ByteArrayInputStream(pdf));
        instance.setVariable(VARIABLE, Variables.fileValue(name).file(pdf).mimeType("application/pdf").create());
    }

    byte[] render(DelegateExecution c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = Pdf.a4();
        try {
            PdfWriter.getInstance(document, out);
            BaseFont song = Pdf.song();
            Font title = new Font(song, 18, Font.BOLD);
            Font heading = new Font(song, 13, Font.BOLD);
            Font body = new Font(song, 10.5f);
            document.addTitle("协商议事书面总结 " + c.getProcessBusinessKey());
            document.open();
            Paragraph top = new Paragraph("社区协商议事书面总结", title);
            top.setAlignment(Element.ALIGN_CENTER);
            document.add(top);
            line(document, body, "案件编号", c.getProcessBusinessKey());
            line(document, body, "社区", c.getVariable("communityName") + "(" + c.getVariable("streetName") + ")");
            line(document, body, "生成时间", CaseRecord.now());

            section(document, heading, "一、提议题");
            line(document, body, "议题", c.getVariable("title"));
            line(document, body, "问题描述", c.getVariable("description"));
            line(document, body, "地点", c.getVariable("location"));
            line(document, body, "提出方式", Boolean.TRUE.equals(c.getVariable("anonymous")) ? "匿名(背靠背)" : "实名(提出人信息不在总结中显示)");
            line(document, body, "利益相关方", names(c.getVariable("stakeholders")));
            line(document, body, "调研", c.getVariable("researchSummary"));

            section(document, heading, "二、出主意");
            for (Map<String, Object> o : CaseRecord.entries(c.getVariable("opinions"))) {
                line(document, body, CaseRecord.text(o.get("name")), o.get("opinion") + "(" + o.get("at") + ")");
            }
            line(document, body, "未按期提交", c.getVariable("missingOpinionsText"));
            line(document, body, "初步建议", c.getVariable("suggestions"));

            section(document, heading, "三、出方案");
            for (Map<String, Object> v : CaseRecord.entries(c.getVariable("planVersions"))) {
                line(document, body, "第 " + v.get("version") + " 稿(" + v.get("at") + ")",
                        v.get("planContent") + ";费用承担:" + v.get("costBearer") + ";实施:" + v.get("planImplementer")
                                + ";计划完成:" + v.get("plannedCompletion"));
            }

            section(document, heading, "四、达共识");
            for (Map<String, Object> r : CaseRecord.entries(c.getVariable("consultations"))) {
                line(document, body, "第 " + r.get("round") + " 轮协商(" + r.get("at") + ")",
                        "参会:" + r.get("attendees") + ";讨论:" + r.get("discussion") + ";"
                                + ("yes".equals(r.get("consensus")) ? "达成共识" : "未达成共识"));
            }

            section(document, heading, "五、定结果");
            line(document, body, "表决", "应到 " + c.getVariable("seatedRepresentatives") + " 人,实到 "
                    + c.getVariable("presentRepresentatives") + " 人;赞成 " + c.getVariable("votesFor") + ",反对 "
                    + c.getVariable("votesAgainst") + ",弃权 " + c.getVariable("votesAbstain"));
            line(document, body, "结果", c.getVariable("voteResult"));

            section(document, heading, "六、抓落实");
            Object implementer = c.getVariable("implementer");
            line(document, body, "责任单位或责任人", implementer == null ? null : people.nameOf(String.valueOf(implementer)));
            line(document, body, "完成期限", c.getVariable("implementationDeadline"));
            line(document, body, "监督人", names(c.getVariable("supervisors")));
            for (Map<String, Object> p : CaseRecord.entries(c.getVariable("progressReports"))) {
                line(document, body, "进展(" + p.get("at") + ")", p.get("percent") + "%:" + p.get("notes"));
            }
            for (Map<String, Object> a : CaseRecord.entries(c.getVariable("acceptances"))) {
                line(document, body, "验收(" + a.get("at") + ")", "yes".equals(a.get("accepted")) ? "通过"
                        : "退回:" + a.get("notes"));
            }
            line(document, body, "督办意见", c.getVariable("superviseNotes"));

            section(document, heading, "七、受监督");
            List<Map<String, Object>> objections = CaseRecord.entries(c.getVariable("objections"));
            if (objections.isEmpty()) {
                line(document, body, "异议", "公示期内无异议");
            }
            for (Map<String, Object> o : objections) {
                line(document, body, "异议(" + o.get("at") + ")", o.get("objection") + ";答复:" + o.get("response"));
            }
            document.close();
        } catch (DocumentException | IOException e) {
            throw new IllegalStateException("Could not write the case summary", e);
        }
        return out.toByteArray();
    }

    private String names(Object userIds) {
        List<String> ids = lists.of(userIds);
        return ids.isEmpty() ? null : String.join("、", ids.stream().map(people::nameOf).toList());
    }

    private static void section(Document document, Font heading, String text) throws DocumentException {
        Paragraph p = new Paragraph(text, heading);
        p.setSpacingBefore(12);
        p.setSpacingAfter(4);
        document.add(p);
    }

    private static void line(Document document, Font body, String label, Object value) throws DocumentException {
        if (value == null || String.valueOf(value).isBlank()) {
            return;
        }
        Paragraph p = new Paragraph(label + ":" + value, body);
        p.setLeading(17);
        document.add(p);
    }
}
