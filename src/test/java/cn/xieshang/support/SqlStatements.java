package cn.xieshang.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/** Counts the engine's SQL statements (MyBatis statement log) while some work runs: for the benchmarks' reports. */
public final class SqlStatements {

    private SqlStatements() {
    }

    /**
     * Statements executed on any thread (one per MyBatis execute or batched row), by statement id
     * ({@code entity.statement}), while {@code work} runs.
     */
    public static Map<String, Integer> count(Runnable work) {
        Logger impl = (Logger) LoggerFactory.getLogger("org.camunda.bpm.engine.impl");
        Map<String, Integer> counts = new TreeMap<>();
        AppenderBase<ILoggingEvent> counter = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().startsWith("==> Parameters:")) {
                    String name = event.getLoggerName();
                    synchronized (counts) {
                        counts.merge(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), 1,
                                Integer::sum);
                    }
                }
            }
        };
        counter.setContext(impl.getLoggerContext());
        counter.start();
        Level level = impl.getLevel();
        boolean additive = impl.isAdditive();
        impl.addAppender(counter);
        impl.setAdditive(false);
        impl.setLevel(Level.DEBUG);
        try {
            work.run();
        } finally {
            impl.setLevel(level);
            impl.setAdditive(additive);
            impl.detachAppender(counter);
            counter.stop();
        }
        return counts;
    }

    /** All statements ({@code selects == null}), only selects, or only writes. */
    public static int total(Map<String, Integer> counts, Boolean selects) {
        return counts.entrySet().stream()
                .filter(e -> selects == null || isSelect(e.getKey()) == selects)
                .mapToInt(Map.Entry::getValue).sum();
    }

    static boolean isSelect(String statement) {
        return statement.substring(statement.lastIndexOf('.') + 1).startsWith("select");
    }
}
