package cn.xieshang.operations;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.slf4j.MDC;

/**
 * The case a log line is about: its number ({@code caseNumber}, the business key) and its community
 * ({@code community}, the tenant), as MDC entries that the JSON log lines carry as fields. The engine puts both
 * while it runs a case's steps, delegates and listeners (its logging context, {@code logging-context-business-key}
 * and {@code logging-context-tenant-id} in {@code application.yaml}); this class puts them where the engine does
 * not: a submitted task form, a REST refusal logged after the engine's command has ended, a page that names a case.
 * Never anything of the requester.
 */
public final class CaseLog {

    public static final String CASE_NUMBER = "caseNumber";
    public static final String COMMUNITY = "community";

    private CaseLog() {
    }

    /** The case the current thread's log lines are about now (either part may be null). */
    public record Case(String caseNumber, String community) {

        public static Case current() {
            return new Case(MDC.get(CASE_NUMBER), MDC.get(COMMUNITY));
        }

        boolean isEmpty() {
            return caseNumber == null && community == null;
        }
    }

    /** Puts the case into the MDC until closed, then restores what was there before. */
    public static Scope of(Case about) {
        return new Scope(about);
    }

    public static Scope of(String caseNumber, String community) {
        return new Scope(new Case(caseNumber, community));
    }

    /** The case of a task: its process instance's business key and its tenant. */
    public static Scope of(DelegateTask task) {
        String caseNumber = task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey();
        return of(caseNumber, task.getTenantId());
    }

    /** An MDC scope; closing it puts back the values it replaced. Null values leave an entry as it was. */
    public static final class Scope implements AutoCloseable {

        private final Case before = Case.current();
        private final Case about;

        private Scope(Case about) {
            this.about = about;
            put(CASE_NUMBER, about.caseNumber());
            put(COMMUNITY, about.community());
        }

        @Override
        public void close() {
            if (about.caseNumber() != null) {
                restore(CASE_NUMBER, before.caseNumber());
            }
            if (about.community() != null) {
                restore(COMMUNITY, before.community());
            }
        }

        private static void put(String key, String value) {
            if (value != null && !value.isBlank()) {
                MDC.put(key, value);
            }
        }

        private static void restore(String key, String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }
}
