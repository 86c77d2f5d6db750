package io.synod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.testsupport.KafkaIO;
import io.synod.testsupport.SharedSynod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/**
 * With Synod's stream settings, a record that makes a processor throw (decision 0038) lands on
 * consensus.dlq with its bytes and the exception in its headers, inside the task's transaction;
 * the thread is not replaced and the records after it are processed.
 */
class ProcessingErrorDeadLetterIT {
    private static final String IN = "it.processing-errors.in";
    private static final String OUT = "it.processing-errors.out";

    private static Topology throwingOnBoom() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(IN, Consumed.with(Serdes.String(), Serdes.String()).withName("in"))
                .mapValues(value -> {
                    if (value.equals("boom")) {
                        throw new IllegalStateException("a processor bug met " + value);
                    }
                    return value.toUpperCase();
                }, Named.as("upper"))
                .to(OUT, Produced.with(Serdes.String(), Serdes.String()).withName("out"));
        return builder.build();
    }

    @Test
    void shouldDeadLetterARecordAProcessorThrowsOnAndProcessTheNextOnTheSameThread() throws Exception {
        SharedSynod synod = SharedSynod.get();
        KafkaIO kafka = new KafkaIO(synod.kafka());
        try (Admin admin = Admin.create(synod.kafka())) {
            admin.createTopics(List.of(new NewTopic(IN, 1, (short) 1), new NewTopic(OUT, 1, (short) 1))).all().get();
        }
        Path state = Files.createTempDirectory("synod-processing-errors-");
        Properties props = StreamsSettings.forApp(synod.config().with(Map.of("streams.application.id.prefix", "processing-errors-it")),
                "probe", state);
        // One thread: a replacement for a thread that died would be StreamThread-2.
        props.put(org.apache.kafka.streams.StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        List<Long> deadFrom = kafka.endOffsets(TopicProvisioner.DEAD_LETTER_TOPIC);
        try (KafkaStreams streams = new KafkaStreams(throwingOnBoom(), props)) {
            streams.start();
            for (String value : List.of("a", "boom", "b")) {
                kafka.produceRaw(IN, "k", value.getBytes(StandardCharsets.UTF_8), 1 << 20);
            }
            List<String> out = kafka.collect(OUT, null, r -> true, Duration.ofSeconds(60), 2).stream()
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
            Set<String> threads = Set.copyOf(streams.metadataForLocalThreads().stream().map(ThreadMetadata::threadName).toList());

            assertThat(out).containsExactly("A", "B");
            ConsumerRecord<String, byte[]> dead = kafka.first(TopicProvisioner.DEAD_LETTER_TOPIC, deadFrom,
                    r -> IN.equals(header(r, "__streams.errors.topic")), Duration.ofSeconds(30));
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("boom");
            assertThat(header(dead, "__streams.errors.exception")).isEqualTo(IllegalStateException.class.getName());
            assertThat(header(dead, "__streams.errors.message")).contains("a processor bug met boom");
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(streams.metadataForLocalThreads().stream().map(ThreadMetadata::threadName).toList())
                    .as("the same threads: none died and was replaced").containsExactlyInAnyOrderElementsOf(threads);
            assertThat(threads).allMatch(name -> !name.matches(".*StreamThread-[2-9].*"));
        } finally {
            Directories.deleteRecursively(state);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
