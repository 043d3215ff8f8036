package cn.xieshang.validation;

import java.util.List;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;

/**
 * Input that breaks a rule. Being a {@link FormFieldValidationException}, the REST API answers it with
 * 400 Bad Request; the transaction rolls back, so nothing of the request is stored.
 */
public class InputRejectedException extends FormFieldValidationException {

    private final List<String> problems;

    public InputRejectedException(List<String> problems) {
        super(problems, "输入有误: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InputRejectedException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
