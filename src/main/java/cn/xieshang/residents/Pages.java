package cn.xieshang.residents;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The residents' pages: mustache templates in {@code templates/}, HTML-escaped, never cached, never indexed. */
final class Pages {

    private static final Mustache.Compiler COMPILER = Mustache.compiler().defaultValue("").escapeHTML(true);

    private Pages() {
    }

    static Template template(String name) {
        try (InputStreamReader reader = new InputStreamReader(
                new ClassPathResource("templates/" + name + ".mustache").getInputStream(), StandardCharsets.UTF_8)) {
            return COMPILER.compile(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResponseEntity<String> page(HttpStatus status, Template template, Map<String, Object> model) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store").header("X-Robots-Tag", "noindex")
                .body(template.execute(model));
    }
}
