package io.synod.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class EventReaderTest {
    private static final Path INPUT = Path.of("events.jsonl");

    private static String vote(int i) {
        return "{\"type\":\"vote\",\"proposal\":\"p" + (i % 7) + "\",\"agent\":\"w" + i + "\",\"choice\":\"approve\",\"ts\":" + (i * 10) + "}";
    }

    @Test
    void shouldHandEveryLineParsedInInputOrderWithItsLineNumber() throws Exception {
        // Given more lines than one batch, with blank lines that count but are not handed on
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 1_300; i++) {
            lines.add(i % 100 == 0 ? " " : vote(i));
        }
        EventParser inLine = new EventParser();
        List<ReplayEvent> expected = new ArrayList<>();
        List<Long> expectedNumbers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                expected.add(inLine.parse(lines.get(i), i + 1));
                expectedNumbers.add(i + 1L);
            }
        }

        // When
        List<ReplayEvent> handed = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        long read = EventReader.readAll(new BufferedReader(new StringReader(String.join("\n", lines))), INPUT, (n, event) -> {
            numbers.add(n);
            handed.add(event);
        });

        // Then
        assertThat(read).isEqualTo(1_300);
        assertThat(numbers).isEqualTo(expectedNumbers);
        assertThat(handed).isEqualTo(expected);
    }

    @Test
    void shouldNameTheLineThatCannotBeReadAfterHandingOnTheLinesBeforeIt() throws Exception {
        // Given a gzip file cut off in the middle
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (int i = 1; i <= 2_000; i++) {
                gzip.write((vote(i) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] cut = Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2);
        Reader truncated = new InputStreamReader(new GZIPInputStream(new java.io.ByteArrayInputStream(cut)), StandardCharsets.UTF_8);
        List<Long> numbers = new ArrayList<>();

        // When / Then
        assertThatThrownBy(() -> EventReader.readAll(new BufferedReader(truncated), INPUT, (n, event) -> numbers.add(n)))
                .isInstanceOf(Replay.ReplayInputException.class)
                .hasMessageStartingWith("cannot read events.jsonl at line " + (numbers.size() + 1) + ": ");
        assertThat(numbers).isNotEmpty().doesNotHaveDuplicates().isSorted();
    }

    @Test
    void shouldStopReadingWhenTheHandlerFails() {
        // Given a handler that fails on the first event of a long input
        BufferedReader endless = new BufferedReader(new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) {
                String line = vote(1) + "\n";
                int n = Math.min(length, line.length());
                line.getChars(0, n, buffer, offset);
                return n;
            }

            @Override
            public void close() throws IOException {
            }
        });

        // When / Then: the failure reaches the caller and the reader thread is gone
        assertThatThrownBy(() -> EventReader.readAll(endless, INPUT, (n, event) -> {
            throw new IllegalStateException("pipeline failed");
        })).hasMessage("pipeline failed");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("synod-replay-reader"));
    }
}
