package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synod.app.replay.RejectedInput;
import io.synod.app.replay.Replay;
import io.synod.config.SynodConfig;
import io.synod.events.VoteSignatures;
import io.synod.examples.ExampleAgent;
import io.synod.keys.Keys;
import io.synod.schemas.Decision;
import io.synod.schemas.Proposal;
import io.synod.schemas.Reputation;
import io.synod.schemas.Vote;
import io.synod.sdk.AgentRunner;
import io.synod.sdk.ProposalRequest;
import io.synod.sdk.SynodClient;
import io.synod.testsupport.SharedSynod;
import io.synod.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live traffic recorded with `synod record` replays to the decisions the live system made. */
class RecordCommandIT {
    private static final String TENANT = "recorded";
    private static final List<String> AGENTS = List.of("r1", "r2", "r3");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldRecordLiveTrafficThatReplaysToTheLiveDecisions() throws Exception {
        SharedSynod synod = SharedSynod.get();
        KeyPair r1Keys = VoteSignatures.generate();
        synod.registerAndAwait(TENANT, AGENTS, Map.of("r1", VoteSignatures.encode(r1Keys.getPublic())));
        List<AgentRunner> runners = List.of(
                AgentRunner.builder(TENANT, "r1", new ExampleAgent("r1", "approve", "The figures match the filing.")).kafka(synod.kafka())
                        .signingKey(r1Keys.getPrivate()).build().start(),
                AgentRunner.builder(TENANT, "r2", new ExampleAgent("r2", "approve", "Checked the source twice.")).kafka(synod.kafka()).build().start(),
                AgentRunner.builder(TENANT, "r3", new ExampleAgent("r3", "reject", "The second source contradicts it.")).kafka(synod.kafka())
                        .build().start());
        List<Decision> live = new ArrayList<>();
        try (SynodClient client = SynodClient.connect(synod.kafka());
             KafkaConsumer<String, Reputation> reputations = reputationReader(synod)) {
            for (int i = 1; i <= 3; i++) {
                live.add(client.propose(ProposalRequest.builder().tenant(TENANT).id("claim-" + i).text("Is claim " + i + " supported?")
                        .participants(AGENTS).minParticipants(3).build()).get(60, TimeUnit.SECONDS));
                // Replay weighs the next claim's votes with the reputations this decision produced; live, they reach the
                // coordinator through the reputation app a few hundred milliseconds later. Two of three approving sits
                // at the threshold, so the next claim waits for them, or live and replay may weigh it differently.
                awaitReputations(reputations, "claim-" + i);
            }
        } finally {
            runners.forEach(AgentRunner::close);
        }
        Path events = dir.resolve("events.jsonl.gz");
        Path config = Files.writeString(dir.resolve("cluster.properties"),
                "kafka.bootstrap.servers=" + synod.config().get("kafka.bootstrap.servers") + "\n");

        String[] args = {"record", "--tenant", TENANT, "--out", events.toString(), "--config", config.toString()};
        assertThat(SynodCli.commandLine(args).execute(args)).isZero();

        List<RejectedInput> refused = new ArrayList<>();
        Replay.Result replayed = Replay.run(events, SynodConfig.defaults(), lines -> { }, refused::add);
        Map<String, Decision> byId = replayed.results().decisions().stream()
                .collect(Collectors.toMap(Decision::getProposalId, Function.identity(), (a, b) -> b));
        // registerAndAwait's probe proposals have one-second rounds: the agents, started after them, may vote on one after its
        // deadline, refused live as in the replay. Every vote on the claims must count again.
        assertThat(refused).as("every recorded vote on a claim counts again")
                .allSatisfy(rejection -> assertThat(rejection.proposal()).startsWith("probe-"));
        for (Decision decision : live) {
            Decision again = byId.get(decision.getProposalId());
            assertThat(again).as(decision.getProposalId()).isNotNull();
            assertThat(again.getStatus()).isEqualTo(decision.getStatus());
            assertThat(again.getDecision()).isEqualTo("approve").isEqualTo(decision.getDecision());
            assertThat(again.getParticipants()).isEqualTo(3);
            assertThat(again.getBallots()).extracting(b -> b.getAgentId()).containsExactlyInAnyOrderElementsOf(AGENTS);
        }
    }

    @Test
    void shouldRecordAWindowWithTheEarlierAndLaterEventsOfTheProposalsItsEventsBelongTo() throws Exception {
        SharedSynod synod = SharedSynod.get();
        String tenant = "windowed";
        synod.registerAndAwait(tenant, AGENTS, Map.of());
        Topics topics = synod.topics();
        Instant since;
        Instant until;
        try (KafkaProducer<String, Proposal> proposals = new KafkaProducer<>(synod.kafka(), new StringSerializer(),
                topics.proposals.valueSerde().serializer());
             KafkaProducer<String, Vote> votes = new KafkaProducer<>(synod.kafka(), new StringSerializer(), topics.votes.valueSerde().serializer())) {
            // Before the window: "early" opens and two agents vote on it; "done" opens and all three vote.
            long before = System.currentTimeMillis();
            send(proposals, topics.proposals.name(), windowProposal(tenant, "early", before), before);
            send(votes, topics.votes.name(), windowVote(tenant, "early", "r1", before + 1), before + 1);
            send(votes, topics.votes.name(), windowVote(tenant, "early", "r2", before + 2), before + 2);
            send(proposals, topics.proposals.name(), windowProposal(tenant, "done", before + 3), before + 3);
            for (String agent : AGENTS) {
                send(votes, topics.votes.name(), windowVote(tenant, "done", agent, before + 4), before + 4);
            }
            since = pause(proposals, votes);
            // In the window: the last vote on "early", and "fresh" with two of its votes.
            long now = System.currentTimeMillis();
            send(votes, topics.votes.name(), windowVote(tenant, "early", "r3", now), now);
            send(proposals, topics.proposals.name(), windowProposal(tenant, "fresh", now + 1), now + 1);
            send(votes, topics.votes.name(), windowVote(tenant, "fresh", "r1", now + 2), now + 2);
            send(votes, topics.votes.name(), windowVote(tenant, "fresh", "r2", now + 2), now + 2);
            until = pause(proposals, votes);
            // After it: the last vote on "fresh", and "late" with its votes.
            long after = System.currentTimeMillis();
            send(votes, topics.votes.name(), windowVote(tenant, "fresh", "r3", after), after);
            send(proposals, topics.proposals.name(), windowProposal(tenant, "late", after + 1), after + 1);
            for (String agent : AGENTS) {
                send(votes, topics.votes.name(), windowVote(tenant, "late", agent, after + 2), after + 2);
            }
        }
        Path config = Files.writeString(dir.resolve("cluster.properties"),
                "kafka.bootstrap.servers=" + synod.config().get("kafka.bootstrap.servers") + "\n");

        assertThat(recorded(tenant, config, "--since", since.toString()))
                .as("from the window on, with the earlier events of the proposal it finishes, nothing of the one it does not touch")
                .containsExactly("proposal early", "vote early/r1", "vote early/r2", "vote early/r3", "proposal fresh", "vote fresh/r1",
                        "vote fresh/r2", "vote fresh/r3", "proposal late", "vote late/r1", "vote late/r2", "vote late/r3");
        assertThat(recorded(tenant, config, "--since", since.toString(), "--until", until.toString()))
                .as("the window, with the earlier and later events of its proposals, nothing of those before or after it")
                .containsExactly("proposal early", "vote early/r1", "vote early/r2", "vote early/r3", "proposal fresh", "vote fresh/r1",
                        "vote fresh/r2", "vote fresh/r3");
        String[] backwards = {"record", "--tenant", tenant, "--since", until.toString(), "--until", since.toString(), "--out",
            dir.resolve("never.jsonl").toString(), "--config", config.toString()};
        assertThat(SynodCli.commandLine(backwards).execute(backwards)).isEqualTo(SynodCli.USAGE);
    }

    private static KafkaConsumer<String, Reputation> reputationReader(SharedSynod synod) {
        Properties props = synod.kafka();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, Reputation> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                synod.topics().reputation.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(synod.topics().reputation.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** Waits until every agent's reputation change for the decided proposal is on agent.reputation, then for the stores reading it. */
    private static void awaitReputations(KafkaConsumer<String, Reputation> consumer, String proposalId) throws InterruptedException {
        Set<String> waiting = new HashSet<>(AGENTS);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!waiting.isEmpty()) {
            assertThat(System.nanoTime()).as("reputation changes for " + proposalId + " of " + waiting).isLessThan(deadline);
            for (ConsumerRecord<String, Reputation> record : consumer.poll(Duration.ofMillis(100))) {
                Reputation reputation = record.value();
                if (reputation != null && TENANT.equals(reputation.getTenant()) && proposalId.equals(reputation.getCauseRef())) {
                    waiting.remove(reputation.getAgentId());
                }
            }
        }
        // The coordinator's global store reads the topic a moment behind.
        Thread.sleep(500);
    }

    /** Flushes what was sent, and returns a moment after it and before what is sent next. */
    private static Instant pause(KafkaProducer<?, ?>... producers) throws InterruptedException {
        for (KafkaProducer<?, ?> producer : producers) {
            producer.flush();
        }
        Thread.sleep(50);
        Instant moment = Instant.ofEpochMilli(System.currentTimeMillis());
        Thread.sleep(50);
        return moment;
    }

    /** The recording's events as "type proposal[/agent]", agents and registerAndAwait's probe proposals left out. */
    private List<String> recorded(String tenant, Path config, String... window) throws Exception {
        Path events = Files.createTempFile(dir, "window", ".jsonl");
        List<String> args = new ArrayList<>(List.of("record", "--tenant", tenant, "--out", events.toString(), "--config", config.toString()));
        args.addAll(List.of(window));
        String[] argv = args.toArray(String[]::new);
        assertThat(SynodCli.commandLine(argv).execute(argv)).isZero();
        List<String> recorded = new ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            JsonNode node = JSON.readTree(line);
            String type = node.get("type").asText();
            if (!type.equals("agent") && !node.get("proposal").asText().startsWith("probe-")) {
                recorded.add(type + " " + node.get("proposal").asText() + (type.equals("vote") ? "/" + node.get("agent").asText() : ""));
            }
        }
        return recorded;
    }

    private static <V> void send(KafkaProducer<String, V> producer, String topic, V value, long timestamp) {
        String key = value instanceof Proposal p ? Keys.of(p.getTenant(), p.getProposalId()) : Keys.of(((Vote) value).getTenant(),
                ((Vote) value).getProposalId());
        producer.send(new ProducerRecord<>(topic, null, timestamp, key, value));
    }

    private static Proposal windowProposal(String tenant, String id, long at) {
        return Proposal.newBuilder().setEventId(tenant + "/" + id).setTenant(tenant).setProposalId(id).setText("Is " + id + " right?")
                .setOptions(List.of("approve", "reject")).setParticipants(AGENTS).setProposedAtMs(at).build();
    }

    private static Vote windowVote(String tenant, String proposal, String agent, long at) {
        return Vote.newBuilder().setEventId(tenant + "/" + proposal + "/" + agent).setTenant(tenant).setProposalId(proposal).setAgentId(agent)
                .setRound(1).setChoice("approve").setConfidence(0.8).setJustification("The filing matches.").setCastAtMs(at).build();
    }
}
