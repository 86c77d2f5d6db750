package io.synod.app;

import io.synod.app.record.Recording;
import io.synod.app.record.TopicSnapshot;
import io.synod.config.SynodConfig;
import io.synod.keys.Keys;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Arbitration;
import io.synod.schemas.Outcome;
import io.synod.schemas.Proposal;
import io.synod.schemas.Vote;
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
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
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
                "The registry is compacted: an agent changed after it voted is recorded as a member from the start.",
                "--since records what was written from a time on, plus the earlier events of every proposal those belong to",
                "(its proposal, its earlier votes), so each replays whole; reputation then starts from what the window shows.",
                "--until ends the window, with the later events (votes, outcomes, arbitrations) of the proposals it holds."})
public final class RecordCommand implements Callable<Integer> {
    /**
     * How far before the earliest proposal opened before the window its votes are looked for: a record's timestamp is its
     * producer's clock, and an agent's clock may run behind the proposer's.
     */
    private static final long CLOCK_SKEW_MS = 10 * 60_000L;

    @Option(names = "--out", required = true, paramLabel = "EVENTS.jsonl", description = "Where to write the events (gzip when the name ends in .gz).")
    Path out;

    @Option(names = "--tenant", description = "Only this tenant's events (default: every tenant's).")
    String tenant;

    @Option(names = "--since", paramLabel = "TIME", converter = InstantConverter.class,
            description = "Only what was written to Kafka from TIME on, from the first record stamped at or after it (an instant such as "
                    + "2026-12-07T06:00:00Z, or how long ago: 90m, 6h, 2d), with the earlier events of the proposals it belongs to.")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = InstantConverter.class,
            description = "Only what was written before TIME (same forms as --since), with the later events of the proposals the window "
                    + "holds, so that each replays whole.")
    Instant until;

    @Option(names = "--stall-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s",
            description = "Fail when the topics give nothing new for this long before their end (default: ${DEFAULT-VALUE}).")
    Duration stall;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws IOException {
        SynodConfig config = configOption.load();
        Topics topics = ClusterClients.topics(config);
        Properties kafka = config.kafkaClientProperties();
        Recording recording = new Recording(tenant);
        AtomicLong unreadable = new AtomicLong();
        StringBuilder firstProblem = new StringBuilder();
        List<String> events = List.of(topics.proposals.name(), topics.votes.name(), topics.outcomes.name(), topics.arbitrations.name());
        // The lines are ordered in memory; a recording that would not fit stops with advice, not an OutOfMemoryError.
        long budget = Runtime.getRuntime().maxMemory() / 3;
        Function<Predicate<String>, Consumer<ConsumerRecord<String, byte[]>>> taker = wanted -> record -> {
            if (recording.estimatedBytes() > budget) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "%,d events so far would not fit in this JVM's heap (%d MB) to be ordered: record one tenant at a time "
                                + "(--tenant), a shorter window (--since) or give the JVM more, e.g. SYNOD_JAVA_OPTS=-Xmx8g",
                        recording.counts().total(), Runtime.getRuntime().maxMemory() >> 20));
            }
            try {
                take(topics, recording, record, wanted);
            } catch (SerializationException e) {
                // A record no reader of the topic can decode was refused live too; it has no place in a replay.
                if (unreadable.getAndIncrement() == 0) {
                    firstProblem.append(record.topic()).append('-').append(record.partition()).append('@').append(record.offset())
                            .append(": ").append(e.getMessage());
                }
            }
        };
        if (since != null && until != null && !until.isAfter(since)) {
            System.err.println("synod record: --until must be after --since");
            return SynodCli.USAGE;
        }
        List<String> laterEvents = List.of(topics.votes.name(), topics.outcomes.name(), topics.arbitrations.name());
        int partitions = TopicSnapshot.read(kafka, List.of(topics.registry.name()), stall, taker.apply(key -> true));
        Map<TopicPartition, Long> from = since == null ? Map.of() : TopicSnapshot.offsetsAt(kafka, events, since.toEpochMilli(), stall);
        Map<TopicPartition, Long> to = until == null ? Map.of() : TopicSnapshot.offsetsAt(kafka, events, until.toEpochMilli(), stall);
        TopicSnapshot.Read window = TopicSnapshot.read(kafka, events, from, to, stall, taker.apply(key -> true));
        partitions += window.partitions();
        Set<String> openedBefore = since == null ? Set.of() : recording.openedBefore();
        Set<String> inWindow = until == null ? Set.of() : recording.proposals();
        long windowEvents = recording.counts().total() - recording.counts().agents();
        if (!openedBefore.isEmpty()) {
            // The window's events of proposals opened before it: those proposals, then their earlier events, read up to
            // where the window began (the votes, outcomes and arbitrations from a little before the earliest such proposal).
            AtomicLong earliest = new AtomicLong(Long.MAX_VALUE);
            Consumer<ConsumerRecord<String, byte[]>> proposals = taker.apply(openedBefore::contains);
            TopicSnapshot.read(kafka, List.of(topics.proposals.name()), Map.of(), window.starts(), stall, record -> {
                long before = recording.counts().proposals();
                proposals.accept(record);
                if (recording.counts().proposals() > before) {
                    earliest.accumulateAndGet(record.timestamp(), Math::min);
                }
            });
            if (earliest.get() != Long.MAX_VALUE) {
                TopicSnapshot.read(kafka, laterEvents, TopicSnapshot.offsetsAt(kafka, laterEvents, earliest.get() - CLOCK_SKEW_MS, stall),
                        window.starts(), stall, taker.apply(openedBefore::contains));
            }
        }
        if (!inWindow.isEmpty()) {
            // The later votes, outcomes and arbitrations of the window's proposals, from where the window ended.
            TopicSnapshot.read(kafka, laterEvents, to, Map.of(), stall, taker.apply(inWindow::contains));
        }
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
        if (since != null || until != null) {
            System.err.printf(Locale.ROOT, "%d events written %s, and %d events of the proposals they belong to from outside it%n",
                    windowEvents, since == null ? "before " + until : until == null ? "since " + since : "from " + since + " to " + until,
                    counts.total() - counts.agents() - windowEvents);
        }
        if (unreadable.get() > 0) {
            System.err.printf(Locale.ROOT, "skipped %d records that cannot be decoded (first: %s)%n", unreadable.get(), firstProblem);
        }
        return SynodCli.OK;
    }

    /** Records one Kafka record; an event is taken only when {@code wanted} accepts its proposal's key (tenant/proposal). */
    private static void take(Topics topics, Recording recording, ConsumerRecord<String, byte[]> record, Predicate<String> wanted) {
        String topic = record.topic();
        if (topic.equals(topics.registry.name())) {
            AgentRegistration registration = topics.registry.valueSerde().deserializer().deserialize(topic, record.value());
            recording.registration(record.key(), registration);
        } else if (record.value() == null) {
            return;
        } else if (topic.equals(topics.proposals.name())) {
            Proposal proposal = topics.proposals.valueSerde().deserializer().deserialize(topic, record.value());
            if (wanted.test(Keys.of(proposal.getTenant(), proposal.getProposalId()))) {
                recording.proposal(proposal);
            }
        } else if (topic.equals(topics.votes.name())) {
            Vote vote = topics.votes.valueSerde().deserializer().deserialize(topic, record.value());
            if (wanted.test(Keys.of(vote.getTenant(), vote.getProposalId()))) {
                recording.vote(vote);
            }
        } else if (topic.equals(topics.outcomes.name())) {
            Outcome outcome = topics.outcomes.valueSerde().deserializer().deserialize(topic, record.value());
            if (wanted.test(Keys.of(outcome.getTenant(), outcome.getProposalId()))) {
                recording.outcome(outcome);
            }
        } else if (topic.equals(topics.arbitrations.name())) {
            Arbitration arbitration = topics.arbitrations.valueSerde().deserializer().deserialize(topic, record.value());
            if (wanted.test(Keys.of(arbitration.getTenant(), arbitration.getProposalId()))) {
                recording.arbitration(arbitration);
            }
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
