package cn.xieshang.report;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.organisation.Role;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfWriter;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The written report of a consultation meeting (书面报告) to the district party committee and government, as a PDF
 * in Chinese, from the template {@code report/consultation-report.mustache}: the platform, date, attendees by type,
 * the research, and every item with who raised it, the members' suggestions and the department's answer. Attached to
 * the case (an attachment, and the file variable {@code consultationReportPdf}).
 */
@Component("consultationReport")
public class ConsultationReport {

    public static final String VARIABLE = "consultationReportPdf";
    static final String TEMPLATE = "report/consultation-report.mustache";

    private static final List<String> VARIABLES = List.of("title", "description", "platformLevelName", "platformName",
            "communityName", "streetName", "meetingDate", "location", "membersPresentCount", "membersPresentText",
            "departmentHeadsPresent", "residentsPresent", "enterprisesPresent", "participantCount", "attendeeNotes",
            "attendanceText", "researchRound", "researchFiledBy", "researchSummary", "itemCount", "meetingRecordedBy");

    private final TaskService taskService;
    private final Template template;

    ConsultationReport(TaskService taskService) {
        this.taskService = taskService;
        // a value's line breaks are indented, so no line a user typed can start a heading
        Mustache.Compiler compiler = Mustache.compiler().defaultValue("")
                .withEscaper(text -> text.replace("\r", "").replace("\n", "\n    "));
        try (Reader reader = new InputStreamReader(new ClassPathResource(TEMPLATE).getInputStream(), StandardCharsets.UTF_8)) {
            this.template = compiler.compile(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void generate(DelegateExecution execution) {
        DelegateExecution instance = execution.getProcessInstance();
        byte[] pdf = render(text(instance), "政协协商书面报告 " + instance.getProcessBusinessKey());
        String name = "协商书面报告-" + instance.getProcessBusinessKey() + ".pdf";
        taskService.createAttachment("application/pdf", null, instance.getProcessInstanceId(), name,
                "“" + instance.getVariable("title") + "”的协商书面报告", new ByteArrayInputStream(pdf));
        instance.setVariable(VARIABLE, Variables.fileValue(name).file(pdf).mimeType("application/pdf").create());
    }

    /** The report as text, from the template and the case's record. */
    String text(DelegateExecution instance) {
        Map<String, Object> values = new HashMap<>();
        for (String name : VARIABLES) {
            values.put(name, instance.getVariable(name));
        }
        values.put("caseNumber", instance.getProcessBusinessKey());
        values.put("items", CaseRecord.entries(instance.getVariable("items")));
        Object escalation = instance.getVariable("escalationGroup");
        values.put("escalationRoleName", escalation == null ? "" : Role.byGroupId(String.valueOf(escalation))
                .map(Role::chineseName).orElse(String.valueOf(escalation)));
        values.put("generatedAt", CaseRecord.now());
        return template.execute(values);
    }

    static byte[] render(String text, String documentTitle) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = Pdf.a4();
        try {
            PdfWriter.getInstance(document, out);
            BaseFont song = Pdf.song();
            Font title = new Font(song, 18, Font.BOLD);
            Font section = new Font(song, 13, Font.BOLD);
            Font subsection = new Font(song, 11, Font.BOLD);
            Font body = new Font(song, 10.5f);
            document.addTitle(documentTitle);
            document.open();
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                Paragraph p;
                if (line.startsWith("# ")) {
                    p = new Paragraph(line.substring(2).trim(), title);
                    p.setAlignment(Element.ALIGN_CENTER);
                    p.setSpacingAfter(10);
                } else if (line.startsWith("## ")) {
                    p = new Paragraph(line.substring(3).trim(), section);
                    p.setSpacingBefore(12);
                    p.setSpacingAfter(4);
                } else if (line.startsWith("### ")) {
                    p = new Paragraph(line.substring(4).trim(), subsection);
                    p.setSpacingBefore(8);
                } else {
                    p = new Paragraph(line.strip(), body);
                    p.setLeading(17);
                }
                document.add(p);
            }
            document.close();
        } catch (DocumentException | IOException e) {
            throw new IllegalStateException("Could not write the report", e);
        }
        return out.toByteArray();
    }
}
