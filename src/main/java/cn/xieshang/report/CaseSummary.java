package cn.xieshang.report;

import cn.xieshang.caseview.CaseRecordView;
import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.deliberation.People;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * The written summary of a whole deliberation (书面总结), as a PDF in Chinese: every step's record from the
 * case's variables, in the sections and under the labels of the case view ({@link CaseRecordView}). Attached to the case (an attachment, and the file variable {@code caseSummaryPdf} that Cockpit
 * offers for download while the case runs): first when the result is published, again when the case ends.
 * It never names the requester.
 */
@Component("caseSummary")
public class CaseSummary {

    public static final String VARIABLE = "caseSummaryPdf";

    private final TaskService taskService;
    private final People people;
    private final CaseRecordView record;

    CaseSummary(TaskService taskService, People people, CaseRecordView record) {
        this.taskService = taskService;
        this.people = people;
        this.record = record;
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

            line(document, body, "提出方式", Boolean.TRUE.equals(c.getVariable("anonymous")) ? "匿名(背靠背)" : "实名(提出人信息不在总结中显示)");

            // the record step by step, as the case view in Cockpit reads it: one place decides how a record reads
            List<Map<String, Object>> sections = record.of(c.getProcessDefinitionId(), c.getProcessInstanceId(),
                    variables(c), people::nameOf);
            for (Map<String, Object> section : sections) {
                section(document, heading, String.valueOf(section.get("section")));
                for (Map<String, Object> field : rows(section.get("fields"))) {
                    if (field.get("file") == null) {
                        line(document, body, String.valueOf(field.get("label")), field.get("value"));
                    }
                }
                for (Map<String, Object> list : rows(section.get("lists"))) {
                    table(document, body, String.valueOf(list.get("label")), (List<?>) list.get("columns"),
                            (List<?>) list.get("rows"));
                }
            }
            if (CaseRecord.entries(c.getVariable("objections")).isEmpty()) {
                line(document, body, "异议", "公示期内无异议");
            }
            document.close();
        } catch (DocumentException | IOException e) {
            throw new IllegalStateException("Could not write the case summary", e);
        }
        return out.toByteArray();
    }

    /** The case's own variables as the record reads them (a file by its name; never the requester's identity). */
    private static Map<String, Object> variables(DelegateExecution c) {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (String name : c.getVariableNamesLocal()) {
            TypedValue value = c.getVariableLocalTyped(name);
            variables.put(name, value instanceof FileValue file ? new CaseRecordView.CaseFile(file.getFilename())
                    : value.getValue());
        }
        return variables;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static void table(Document document, Font body, String caption, List<?> columns, List<?> rows)
            throws DocumentException {
        Paragraph title = new Paragraph(caption, body);
        title.setSpacingBefore(4);
        document.add(title);
        PdfPTable table = new PdfPTable(columns.size());
        table.setWidthPercentage(100);
        table.setSpacingBefore(2);
        table.setSpacingAfter(4);
        for (Object column : columns) {
            PdfPCell cell = new PdfPCell(new Phrase(String.valueOf(column), body));
            cell.setGrayFill(0.92f);
            table.addCell(cell);
        }
        for (Object row : rows) {
            for (Object cell : (List<?>) row) {
                table.addCell(new Phrase(String.valueOf(cell), body));
            }
        }
        document.add(table);
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
