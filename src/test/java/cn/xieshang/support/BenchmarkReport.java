package cn.xieshang.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A benchmark's figures between two rules on stdout (which {@code .ci/benchmark} shows) and in target/benchmark/. */
public final class BenchmarkReport {

    private BenchmarkReport() {
    }

    public static void print(String heading, String file, List<String> lines) throws IOException {
        List<String> out = new ArrayList<>();
        out.add("=".repeat(100));
        out.add(heading);
        out.addAll(lines);
        out.add("=".repeat(100));
        out.forEach(System.out::println);
        Path path = Path.of("target", "benchmark", file);
        Files.createDirectories(path.getParent());
        Files.write(path, out);
    }
}
