package io.synod.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.app.runtime.Directories;
import io.synod.app.runtime.StreamsSettings;
import io.synod.config.SynodConfig;
import io.synod.embedded.EmbeddedKafkaBroker;
import io.synod.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** The throughput ceiling in Synod's loop: a proposal ends only when its round came back and then all its votes did. */
class PassThroughCycleIT {

    @Test
    void shouldFinishEveryProposalOnlyAfterItsRoundAndAllItsVotesCameThrough() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            SynodConfig config = SynodConfig.defaults().with(Map.of("kafka.bootstrap.servers", broker.bootstrapServers()));
            Topics topics = Topics.local();
            PassThroughTopology.createTopics(config.kafkaClientProperties(), 3, (short) 1);
            Path state = Files.createTempDirectory("synod-cycle-it-");
            BenchAgents agents = BenchAgents.generate("bench", 4);
            KafkaStreams app = new KafkaStreams(PassThroughTopology.withRoundHop(PassThroughTopology.fusedHop(topics), topics),
                    StreamsSettings.forApp(config, "cycle-it", state));
            try {
                app.start();
                PassThroughTopology.awaitRunning(List.of(app));
                try (PassThroughCycle load = new PassThroughCycle(topics, config.kafkaClientProperties(), agents, 4, 2, 1, "it").start()) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (load.received() < 40 && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }

                    long unfinished = load.drain(Duration.ofSeconds(30));

                    // Two in flight, each closed only by its fourth vote: what came out is whole proposals.
                    assertThat(unfinished).isZero();
                    assertThat(load.received()).isGreaterThanOrEqualTo(40);
                    assertThat(load.received() % 4).isZero();
                    assertThat(load.finished() * 4).isEqualTo(load.received());
                }
            } finally {
                if (app.close(Duration.ofSeconds(10))) {
                    Directories.deleteRecursively(state);
                }
            }
        }
    }
}
