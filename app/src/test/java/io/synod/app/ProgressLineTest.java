package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static final long SECOND = 1_000_000_000L;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(5 * SECOND);

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRedrawInPlaceOnATerminalOnlyAfterTwoSecondsAndClearTheLine() {
        ProgressLine line = new ProgressLine(err, false, now::get);

        line.update(() -> "early");
        now.addAndGet(2 * SECOND);
        line.update(() -> "first");
        now.addAndGet(SECOND / 10);
        line.update(() -> "too soon");
        now.addAndGet(SECOND / 4);
        line.update(() -> "second");
        line.clear();

        assertThat(written()).isEqualTo("\r\033[Kfirst\r\033[Ksecond\r\033[K");
    }

    @Test
    void shouldWritePlainLinesEveryTenSecondsInALog() {
        ProgressLine line = new ProgressLine(err, true, now::get);

        line.update(() -> "early");
        now.addAndGet(2 * SECOND);
        line.update(() -> "first");
        now.addAndGet(9 * SECOND);
        line.update(() -> "too soon");
        now.addAndGet(SECOND);
        line.update(() -> "second");
        line.clear();

        assertThat(written()).isEqualTo("first" + System.lineSeparator() + "second" + System.lineSeparator()).doesNotContain("\033");
    }

    @Test
    void shouldFollowTheLaunchersWordOrElseDrawPlainLinesWithoutAConsole() {
        assertThat(ProgressLine.plainByDefault("plain", true)).isTrue();
        assertThat(ProgressLine.plainByDefault("redraw", false)).isFalse();
        assertThat(ProgressLine.plainByDefault(null, false)).isTrue();
        assertThat(ProgressLine.plainByDefault(null, true)).isFalse();
    }
}
