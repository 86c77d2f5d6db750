package io.synod.app;

import io.synod.app.record.Recording;
import io.synod.app.record.TopicSnapshot;
import io.synod.config.SynodConfig;
import io.synod.schemas.AgentRegistration;
import io.synod.topics.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "record", mixinStandardHelpOptions = true,
        header = "Record a running Synod's input events as a replay file, to backtest a change on real traffic.",
        description = {"Reads what Kafka retains of consensus.proposals, consensus.votes, consensus.outcomes,",
                "consensus.arbitrations and agent.registry (committed records, up to where each topic ended when the command",
                "started) and writes them in the replay format, ordered by event time. Replaying the file gives what the",
                "live system decided, and with --config what a change would have decided (then: synod compare).",
                "The registry is compacted: an agent changed after it voted is recorded as a member from the start."})
public final class RecordCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "EVENTS.jsonl", description = "Where to write the events (gzip when the name ends in .gz).")
    Path out;

    @Option(names = "--tenant", description = "Only this tenant's events (default: every tenant's).")
    String tenant;

    @Option(names = "--stall-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s",
            description = "Fail when the topics give nothing new for this long before their end (default: ${DEFAULT-VALUE}).")
    Duration stall;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws IOException {
        SynodConfig config = configOption.load();
        Topics topics = ClusterClients.topics(config);
        Recording recording = new Recording(tenant);
        AtomicLong unreadable = new AtomicLong();
        StringBuilder firstProblem = new StringBuilder();
        List<String> names = List.of(topics.registry.name(), topics.proposals.name(), topics.votes.name(), topics.outcomes.name(),
                topics.arbitrations.name());
        // The lines are ordered in memory; a recording that would not fit stops with advice, not an OutOfMemoryError.
        long budget = Runtime.getRuntime().maxMemory() / 3;
        int partitions = TopicSnapshot.read(config.kafkaClientProperties(), names, stall, record -> {
            if (recording.estimatedBytes() > budget) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "%,d events so far would not fit in this JVM's heap (%d MB) to be ordered: record one tenant at a time "
                                + "(--tenant) or give the JVM more, e.g. SYNOD_JAVA_OPTS=-Xmx8g", recording.counts().total(),
                        Runtime.getRuntime().maxMemory() >> 20));
            }
            try {
                take(topics, recording, record);
            } catch (SerializationException e) {
                // A record no reader of the topic can decode was refused live too; it has no place in a replay.
                if (unreadable.getAndIncrement() == 0) {
                    firstProblem.append(record.topic()).append('-').append(record.partition()).append('@').append(record.offset())
                            .append(": ").append(e.getMessage());
                }
            }
        });
        List<String> lines = recording.lines();
        try (Writer writer = writer(out)) {
            for (String line : lines) {
                writer.write(line);
                writer.write('\n');
            }
        }
        Recording.Counts counts = recording.counts();
        System.err.printf(Locale.ROOT, "recorded %d events from %d partitions to %s: %d agents, %d proposals, %d votes, %d outcomes, "
                + "%d arbitrations%n", lines.size(), partitions, out, counts.agents(), counts.proposals(), counts.votes(), counts.outcomes(),
                counts.arbitrations());
        if (unreadable.get() > 0) {
            System.err.printf(Locale.ROOT, "skipped %d records that cannot be decoded (first: %s)%n", unreadable.get(), firstProblem);
        }
        return SynodCli.OK;
    }

    private static void take(Topics topics, Recording recording, ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        if (topic.equals(topics.registry.name())) {
            AgentRegistration registration = topics.registry.valueSerde().deserializer().deserialize(topic, record.value());
            recording.registration(record.key(), registration);
        } else if (record.value() == null) {
            return;
        } else if (topic.equals(topics.proposals.name())) {
            recording.proposal(topics.proposals.valueSerde().deserializer().deserialize(topic, record.value()));
        } else if (topic.equals(topics.votes.name())) {
            recording.vote(topics.votes.valueSerde().deserializer().deserialize(topic, record.value()));
        } else if (topic.equals(topics.outcomes.name())) {
            recording.outcome(topics.outcomes.valueSerde().deserializer().deserialize(topic, record.value()));
        } else if (topic.equals(topics.arbitrations.name())) {
            recording.arbitration(topics.arbitrations.valueSerde().deserializer().deserialize(topic, record.value()));
        }
    }

    private static Writer writer(Path file) throws IOException {
        OutputStream stream = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            stream = new GZIPOutputStream(stream, 1 << 16);
        }
        return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }
}
