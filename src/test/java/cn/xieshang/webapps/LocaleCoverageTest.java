package cn.xieshang.webapps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our Chinese locale files cover every key of the English files that ship with the Camunda webapps on the classpath,
 * so an upgrade that adds keys fails here instead of leaving English on a Chinese screen.
 */
class LocaleCoverageTest {

    private static final String LOCALES = "META-INF/resources/webjars/camunda/app/%s/locales/%s.json";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]*}}|%[sd]|<[a-zA-Z/][^>]*>");
    private static final Pattern WORD = Pattern.compile("\\b[A-Za-z][a-z]{3,}\\b");
    private static final Pattern CHINESE = Pattern.compile("[\\u4e00-\\u9fff]");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void theChineseFileHasEveryKeyOfTheEnglishOne(String app) throws IOException {
        JsonNode english = read(app, "en");
        JsonNode chinese = read(app, "zh");

        assertThat(keys(chinese)).as(app + ": keys of zh.json against the shipped en.json").isEqualTo(keys(english));
        List<String> untranslated = new ArrayList<>();
        english.path("labels").fields().forEachRemaining(label -> {
            String en = label.getValue().asText();
            String zh = chinese.path("labels").path(label.getKey()).asText();
            if (label.getKey().equals("BANNER_CE_EOL_TEXT")) {
                return; // emptied on purpose: no migration banner
            }
            assertThat(placeholders(zh)).as(app + ": placeholders of " + label.getKey()).isEqualTo(placeholders(en));
            // an English word outside the placeholders, and no Chinese at all: left in English
            if (WORD.matcher(PLACEHOLDER.matcher(en).replaceAll("")).find() && !CHINESE.matcher(zh).find()) {
                untranslated.add(label.getKey() + "=" + zh);
            }
        });
        assertThat(untranslated).as(app + ": labels neither translated nor kept as identifiers").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void noMigrationBannerAndMondayFirst(String app) throws IOException {
        JsonNode chinese = read(app, "zh");
        assertThat(chinese.path("labels").path("BANNER_CE_EOL_TEXT").asText()).isEmpty();
        if (chinese.has("dateLocales")) {
            assertThat(chinese.path("dateLocales").path("week").path("dow").asInt()).isEqualTo(1);
            assertThat(chinese.path("dateLocales").path("months").get(0).asText()).isEqualTo("一月");
            assertThat(chinese.path("dateLocales").path("relativeTime").path("past").asText()).isEqualTo("%s前");
        }
    }

    private static JsonNode read(String app, String locale) throws IOException {
        String path = String.format(LOCALES, app, locale);
        try (InputStream in = LocaleCoverageTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path + " on the classpath").isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return JSON.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        }
    }

    /** Every key path of the file ("labels.CLAIM", "dateLocales.week.dow"). */
    private static TreeSet<String> keys(JsonNode node) {
        TreeSet<String> keys = new TreeSet<>();
        collect("", node, keys);
        return keys;
    }

    private static void collect(String prefix, JsonNode node, TreeSet<String> keys) {
        if (!node.isObject()) {
            keys.add(prefix);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            collect(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), keys);
        }
    }

    private static List<String> placeholders(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group().replaceAll("\\s+", ""));
        }
        found.sort(null);
        return found;
    }
}
