package cn.xieshang.validation;

import cn.xieshang.operations.CaseLog;
import java.util.List;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;

/**
 * Input that breaks a rule. Being a {@link FormFieldValidationException}, the REST API answers it with
 * 400 Bad Request; the transaction rolls back, so nothing of the request is stored. It remembers the case it was
 * thrown in ({@link CaseLog}), so that the one line logging the refusal, written after the engine's command has
 * ended, still names the case.
 */
public class InputRejectedException extends FormFieldValidationException {

    private final List<String> problems;
    private final transient CaseLog.Case about = CaseLog.Case.current();

    /** At most this many problems are named; a flood of bad input must not produce a flood of answer. */
    static final int NAMED = 20;

    public InputRejectedException(List<String> problems) {
        super(named(problems), message(problems));
        this.problems = List.copyOf(problems);
    }

    public InputRejectedException(String problem) {
        this(List.of(problem));
    }

    private static List<String> named(List<String> problems) {
        return problems.stream().limit(NAMED).map(InputRejectedException::shortened).toList();
    }

    private static String message(List<String> problems) {
        String named = String.join("; ", named(problems));
        return problems.size() <= NAMED ? "输入有误: " + named
                : "输入有误(共 " + problems.size() + " 项, 以下是前 " + NAMED + " 项): " + named;
    }

    private static String shortened(String problem) {
        return problem.length() <= 200 ? problem : problem.substring(0, 200) + "…";
    }

    public List<String> problems() {
        return problems;
    }

    /** The case (number, community) the input was for, as far as the log context knew it when it was refused. */
    public CaseLog.Case about() {
        return about == null ? new CaseLog.Case(null, null) : about;
    }
}
