package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogbackSetupTest {

    @Test
    void shouldLogSynodAtWarnAndEverythingElseAtErrorToStderrByDefault() {
        LoggerContext context = new LoggerContext();
        LogbackSetup.install(context, name -> null);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("io.synod").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.synod.detector.VoteScreener").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.kafka.clients").getEffectiveLevel()).isEqualTo(Level.ERROR);
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(stderr.isStarted()).isTrue();
        assertThat(stderr.getCopyOfAttachedFiltersList()).hasSize(1).first().isInstanceOf(io.synod.embedded.RetriedSequenceFilter.class);
    }

    @Test
    void shouldTakeLevelsFromTheSettingsAndIgnoreOnesItCannotRead() {
        LoggerContext context = new LoggerContext();
        Map<String, String> settings = Map.of("SYNOD_LOG_LEVEL", "debug", "SYNOD_KAFKA_LOG_LEVEL", "loud");
        LogbackSetup.install(context, settings::get);

        assertThat(context.getLogger("io.synod").getLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.ERROR);
    }
}
