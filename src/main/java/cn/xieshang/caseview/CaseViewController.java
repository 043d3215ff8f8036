package cn.xieshang.caseview;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/cases/{processInstanceId}}: the case view ({@link CaseView}) that Cockpit's 案件 tab shows, running
 * or finished. Authenticated like the rest of {@code /api} (HTTP Basic, or the Cockpit session for this read); a case
 * the caller may not read answers 404, as on {@code /engine-rest}.
 */
@RestController
class CaseViewController {

    private final CaseView cases;

    CaseViewController(CaseView cases) {
        this.cases = cases;
    }

    /**
     * {@code GET /api/cases?caseNumber=&title=&community=&from=yyyy-MM-dd&to=yyyy-MM-dd&state=running|finished&outcome=}:
     * the caller's cases, newest first, at most 100 — how managers find a finished case, which Cockpit Community
     * Edition does not list.
     */
    @GetMapping(value = "/api/cases", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> search(@RequestParam(required = false) String caseNumber,
            @RequestParam(required = false) String title, @RequestParam(required = false) String community,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String state, @RequestParam(required = false) String outcome) {
        try {
            if (state != null && !state.isBlank() && !List.of("running", "finished").contains(state)) {
                throw new IllegalArgumentException("参数「状态(state)」应为 running 或 finished: " + state);
            }
            Date start = day(from, "开始日期(from)");
            Date end = day(to, "截止日期(to)");
            CaseView.Search search = new CaseView.Search(blankToNull(caseNumber), blankToNull(title),
                    blankToNull(community), start, end == null ? null : new Date(end.getTime() + 86_400_000L),
                    blankToNull(state), blankToNull(outcome));
            return ResponseEntity.ok(Map.of("cases", cases.search(search, LIMIT), "limit", LIMIT));
        } catch (IllegalArgumentException refused) {
            return ResponseEntity.badRequest().body(Map.of("type", "InvalidRequest", "message", refused.getMessage()));
        }
    }

    static final int LIMIT = 100;

    private static Date day(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Date.from(LocalDate.parse(value.trim()).atStartOfDay(ZoneId.systemDefault()).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("参数「" + name + "」应为日期 yyyy-MM-dd: " + value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** {@code GET /api/cases/{id}/files/{variable}}: a file of the case (the written summary, a report), as a download. */
    @GetMapping("/api/cases/{processInstanceId}/files/{variable}")
    ResponseEntity<Object> file(@PathVariable String processInstanceId, @PathVariable String variable)
            throws IOException {
        Optional<FileValue> found = cases.file(processInstanceId, variable);
        if (found.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("type", "NotFound", "message", "没有找到这个文件(或您无权查看)"));
        }
        FileValue file = found.get();
        try (InputStream content = file.getValue()) {
            return ResponseEntity.ok()
                    .contentType(file.getMimeType() == null ? MediaType.APPLICATION_OCTET_STREAM
                            : MediaType.parseMediaType(file.getMimeType()))
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                            .filename(file.getFilename(), StandardCharsets.UTF_8).build().toString())
                    .body(content.readAllBytes());
        }
    }

    @GetMapping(value = "/api/cases/{processInstanceId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> view(@PathVariable String processInstanceId) {
        return cases.of(processInstanceId).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity
                .status(HttpStatus.NOT_FOUND).body(Map.of("type", "NotFound", "message", "没有找到这个案件(或您无权查看)")));
    }
}
