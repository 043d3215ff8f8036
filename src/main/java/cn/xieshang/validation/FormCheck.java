package cn.xieshang.validation;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * A rule of one form that needs the case's data to decide (e.g. "the topic to merge into is open in this
 * community"). Rules a designer may change belong in the form or its {@code <form id>-rules} decision instead.
 */
public interface FormCheck {

    String formId();

    /** @return the problems, each naming its field; empty when the values pass */
    List<String> check(Map<String, Object> values, VariableScope scope);
}
