package cn.xieshang.notification;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** Mail texts live in {@code src/main/resources/mail/<name>.mustache}: first line the subject, then the body. */
@Component
public class MailTemplates {

    public record Rendered(String subject, String body) {
    }

    private final Map<String, Template> cache = new ConcurrentHashMap<>();
    private final Mustache.Compiler compiler = Mustache.compiler().escapeHTML(false).defaultValue("");

    public Rendered render(String name, Map<String, ?> values) {
        Template template = cache.computeIfAbsent(name, this::compile);
        String text = template.execute(values);
        int newline = text.indexOf('\n');
        return new Rendered(text.substring(0, newline).trim(), text.substring(newline + 1));
    }

    private Template compile(String name) {
        try (Reader reader = new InputStreamReader(new ClassPathResource("mail/" + name + ".mustache").getInputStream(),
                StandardCharsets.UTF_8)) {
            return compiler.compile(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("No mail template " + name, e);
        }
    }
}
