package io.synod.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.synod.embedded.RetriedSequenceFilter;

/**
 * Synod's logging, set up in code: everything to stderr as {@code HH:mm:ss.SSS LEVEL logger - msg},
 * Synod's own loggers at {@code SYNOD_LOG_LEVEL} (default WARN), everything else (Kafka, Debezium,
 * PostgreSQL) at {@code SYNOD_KAFKA_LOG_LEVEL} (default ERROR), the broker's retried-sequence
 * ERROR dropped (decision 0032). Each level is read from a system property of that name, then the
 * environment. In code rather than {@code logback.xml} because parsing the XML was a fifth of a
 * short command's startup (135 ms of 615 ms main-thread CPU, profiled on a 50-line replay).
 * A file named by {@code -Dlogback.configurationFile}, or a {@code logback-test.xml} on the class
 * path, takes over as before.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogbackSetup extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null || LogbackSetup.class.getResource("/logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        install(context, name -> System.getProperty(name) != null ? System.getProperty(name) : System.getenv(name));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void install(LoggerContext context, java.util.function.UnaryOperator<String> settings) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n");
        encoder.start();
        RetriedSequenceFilter retried = new RetriedSequenceFilter();
        retried.setContext(context);
        retried.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.addFilter(retried);
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(settings.apply("SYNOD_KAFKA_LOG_LEVEL"), Level.ERROR));
        root.addAppender(stderr);
        context.getLogger("io.synod").setLevel(Level.toLevel(settings.apply("SYNOD_LOG_LEVEL"), Level.WARN));
    }
}
