package cn.xieshang.faults;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The application in a JVM of its own, started from the test's classpath with the job executor on (not the test
 * profile), the demo organisation, a PostgreSQL database and the test's SMTP server. Its output goes to
 * {@code target/faults/<name>.log}.
 */
final class Node implements AutoCloseable {

    private static final List<Node> RUNNING = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        // a test JVM that dies leaves no application behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(n -> n.process.destroyForcibly())));
    }

    final String name;
    final int port;
    final Path log;
    private final Process process;

    private Node(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
        RUNNING.add(this);
    }

    static Node start(String name, int port, String databaseUrl, Postgres db, int smtpPort, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=demo,postgres",
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=" + db.user,
                "--spring.datasource.password=" + db.password,
                "--xieshang.demo.allow-production-database=true",
                "--server.port=" + port,
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + smtpPort,
                "--xieshang.mail.base-url=http://localhost:" + port,
                "--spring.main.banner-mode=off"));
        arguments.addAll(List.of(more));
        return launch(name, port, "cn.xieshang.XieshangApplication", arguments);
    }

    /** Any application of the test's classpath ({@code mainClass}) in a JVM of its own, as {@link #start} runs ours. */
    static Node launch(String name, int port, String mainClass, List<String> arguments) {
        try {
            Path dir = Path.of("target", "faults");
            Files.createDirectories(dir);
            Path log = dir.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.timezone=Asia/Shanghai",
                    "-cp", System.getProperty("java.class.path"), mainClass));
            command.addAll(arguments);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new Node(name, port, log, process);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start node " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Http as(String user) {
        return new Http(port, user);
    }

    /** Waits until the node answers an authenticated REST call; fails when it died or took too long. */
    Node awaitReady(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Node " + name + " died while starting (exit " + process.exitValue() + "):\n"
                        + tail());
            }
            if (as("ljy3-party-committee").tryStatus("/engine-rest/task/count") == 200) {
                return this;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Node " + name + " did not answer within " + patience + ":\n" + tail());
    }

    boolean alive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook, no connection closed politely. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        RUNNING.remove(this);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        RUNNING.remove(this);
    }

    /** The causes and the end of the node's log, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> causes = lines.stream().filter(l -> l.startsWith("Caused by") || l.contains(" ERROR ")).limit(10).toList();
            return String.join("\n", causes) + "\n...\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Lines of the node's log that contain the text. */
    List<String> logLines(String text) {
        try {
            return Files.readAllLines(log).stream().filter(l -> l.contains(text)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static void deleteLog(String name) {
        new File("target/faults/" + name + ".log").delete();
    }
}
