package cn.xieshang.operations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4): every line a {@code # HELP}, a
 * {@code # TYPE} or a sample; names and labels as the format allows them, label values quoted with the format's
 * escapes, values as the format writes floats; each sample belongs to a family typed before it, with the suffixes
 * its type allows; no series twice. Anything else fails with the line.
 */
record PrometheusText(Map<String, String> types, List<Sample> samples) {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(Inf|NaN|[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?)");
    private static final Map<String, List<String>> SUFFIXES = Map.of(
            "counter", List.of("", "_total", "_created"),
            "gauge", List.of(""),
            "histogram", List.of("_bucket", "_count", "_sum", "_created", "_gcount", "_gsum"),
            "summary", List.of("", "_count", "_sum", "_created"),
            "untyped", List.of(""));

    static PrometheusText parse(String text) {
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        Set<String> series = new HashSet<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            String at = "line " + number + ": " + line;
            if (line.isEmpty()) {
                if (number == text.split("\n", -1).length) {
                    continue; // the final newline
                }
                throw new AssertionError("empty " + at);
            }
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    if (types.put(type.group(1), type.group(2)) != null) {
                        throw new AssertionError("family typed twice, " + at);
                    }
                } else if (!HELP.matcher(line).matches()) {
                    throw new AssertionError("neither HELP nor TYPE, " + at);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches() || !FLOAT.matcher(sample.group(4)).matches()) {
                throw new AssertionError("no sample, " + at);
            }
            String name = sample.group(1);
            String family = types.keySet().stream()
                    .filter(f -> SUFFIXES.get(types.get(f)).stream().anyMatch(s -> name.equals(f + s)))
                    .findFirst().orElseThrow(() -> new AssertionError("sample of no family typed before it, " + at));
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(3) != null && !sample.group(3).isEmpty()) {
                Matcher label = LABEL.matcher(sample.group(3));
                int end = 0;
                while (label.lookingAt()) {
                    if (labels.put(label.group(1), unescape(label.group(2))) != null) {
                        throw new AssertionError("label twice, " + at);
                    }
                    end = label.end();
                    if (end == sample.group(3).length()) {
                        break;
                    }
                    label.region(end, sample.group(3).length());
                }
                if (end != sample.group(3).length()) {
                    throw new AssertionError("malformed labels, " + at);
                }
            }
            if ("histogram".equals(types.get(family)) && name.endsWith("_bucket") && !labels.containsKey("le")) {
                throw new AssertionError("bucket without le, " + at);
            }
            if (!series.add(name + labels)) {
                throw new AssertionError("series twice, " + at);
            }
            samples.add(new Sample(name, labels, Double.parseDouble(sample.group(4).replace("Inf", "Infinity"))));
        }
        return new PrometheusText(types, samples);
    }

    private static String unescape(String value) {
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                c = value.charAt(++i);
                plain.append(c == 'n' ? '\n' : c);
            } else {
                plain.append(c);
            }
        }
        return plain.toString();
    }

    /** The sum of the samples of this name whose labels include these (name, value, name, value …). */
    double sum(String name, String... labels) {
        double sum = 0;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && matches(sample.labels(), labels)) {
                sum += sample.value();
            }
        }
        return sum;
    }

    List<Sample> all(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    private static boolean matches(Map<String, String> labels, String... wanted) {
        for (int i = 0; i < wanted.length; i += 2) {
            if (!wanted[i + 1].equals(labels.get(wanted[i]))) {
                return false;
            }
        }
        return true;
    }
}
