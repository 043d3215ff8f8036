package cn.xieshang.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, for pages a person reads: the DOM after the page ran, and a screenshot.
 * Tests that need it skip, saying how to install it, where it is missing.
 */
public final class Chromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BINARY),
                "Chromium is not installed (apt-get install chromium chromium-driver fonts-noto-cjk): browser check skipped");
    }

    /** The page's DOM as the browser built it. */
    public static String dumpDom(String url) throws IOException, InterruptedException {
        return run("--dump-dom", url);
    }

    /** A PNG of the page, for a person to look at (target/screenshots). */
    public static Path screenshot(String url, String name) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of("target/screenshots"));
        Path file = dir.resolve(name + ".png").toAbsolutePath();
        run("--screenshot=" + file, "--window-size=1200,1600", url);
        return file;
    }

    private static String run(String... args) throws IOException, InterruptedException {
        assumeInstalled();
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not finish: " + command);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
