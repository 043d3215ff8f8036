package cn.xieshang.deliberation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.camunda.spin.json.SpinJsonNode;
import org.springframework.stereotype.Component;

/**
 * Lists as the models need them: Tasklist submits a checklist as a Json array; a multi-instance collection wants a
 * Java list, and {@code camunda:candidateUsers} a comma-separated string.
 */
@Component("lists")
public class Lists {

    public List<String> of(Object value) {
        List<String> items = new ArrayList<>();
        if (value instanceof SpinJsonNode json && json.isArray()) {
            json.elements().forEach(e -> items.add(e.isString() ? e.stringValue() : e.toString()));
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(e -> items.add(String.valueOf(e)));
        } else if (value instanceof String text && !text.isBlank()) {
            Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
        }
        return items;
    }

    public String csv(Object value) {
        return String.join(",", of(value));
    }
}
