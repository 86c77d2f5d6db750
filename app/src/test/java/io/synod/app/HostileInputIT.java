package io.synod.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.synod.events.VoteSignatures;
import io.synod.keys.Keys;
import io.synod.schemas.Decision;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.Rejection;
import io.synod.schemas.Vote;
import io.synod.testsupport.KafkaIO;
import io.synod.testsupport.SharedSynod;
import io.synod.topics.Topics;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken votes on the real broker, produced as raw bytes: each ends on
 * consensus.rejected with its reason (or is refused by the broker at the door), and the valid
 * votes around them decide the proposal as if they were alone.
 */
class HostileInputIT {
    private static final String TENANT = "hostile";
    private static final String OTHER = "hostile-other";
    private static final List<String> AGENTS = List.of("h1", "h2", "h3", "signer");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static SharedSynod synod;
    private static Topics topics;
    private static KafkaIO kafka;
    private static KeyPair signerKeys;

    @BeforeAll
    static void start() throws Exception {
        synod = SharedSynod.get();
        topics = synod.topics();
        kafka = new KafkaIO(synod.kafka());
        signerKeys = VoteSignatures.generate();
        synod.registerAndAwait(TENANT, AGENTS, Map.of("signer", VoteSignatures.encode(signerKeys.getPublic())));
        synod.registerAndAwait(OTHER, List.of("o1"), Map.of());
    }

    private static String open(String tenant, String id) {
        String key = Keys.of(tenant, id);
        List<Long> from = kafka.endOffsets(topics.rounds.name());
        kafka.produce(topics.proposals, key, Proposal.newBuilder().setEventId(key).setTenant(tenant).setProposalId(id)
                .setText("Is claim " + id + " supported?").setOptions(List.of("approve", "reject")).setParticipants(AGENTS)
                .setPolicy(Policy.newBuilder().setRoundTimeoutMs(300_000L).setMode("simple_majority").build())
                .setProposedAtMs(System.currentTimeMillis()).build());
        kafka.first(topics.rounds.name(), from, r -> key.equals(r.key()), WAIT);
        return key;
    }

    private static Vote.Builder vote(String proposal, String agent, String choice) {
        return Vote.newBuilder().setEventId(proposal + "/" + agent + "/" + System.nanoTime()).setTenant(TENANT).setProposalId(proposal)
                .setAgentId(agent).setRound(1).setChoice(choice).setConfidence(0.8)
                .setJustification(agent + " read both cited sources for " + proposal + " and they agree.").setCastAtMs(System.currentTimeMillis());
    }

    private static void send(String key, Vote vote) throws Exception {
        send(key, vote, null);
    }

    private static void send(String key, Vote vote, Long timestamp) throws Exception {
        kafka.produce(topics.votes, key, vote, timestamp);
    }

    private static Map<String, String> rejectionsByEvent(String key, List<Long> from, int expected) {
        Map<String, String> reasons = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : kafka.collect(topics.rejected.name(), from, r -> key.equals(r.key()), WAIT, expected)) {
            Rejection rejection = KafkaIO.value(topics.rejected, record);
            reasons.put(rejection.getEventId(), rejection.getReason());
        }
        return reasons;
    }

    @Test
    void shouldRejectEachMalformedVoteWithItsReasonAndDecideOnTheValidOnes() throws Exception {
        String key = open(TENANT, "v1");
        List<Long> from = kafka.endOffsets(topics.rejected.name());
        Map<String, String> expected = new TreeMap<>();
        List<Vote> hostile = new ArrayList<>();
        hostile.add(vote("v1", "h1", "approve").setEventId("nan").setConfidence(Double.NaN).build());
        hostile.add(vote("v1", "h1", "approve").setEventId("negative").setConfidence(-0.1).build());
        hostile.add(vote("v1", "h1", "approve").setEventId("above-one").setConfidence(1.5).build());
        hostile.add(vote("v1", "h1", "maybe").setEventId("unknown-option").build());
        hostile.add(vote("v1", "h1", "approve").setEventId("unknown-round").setRound(7).build());
        hostile.add(vote("nope", "h1", "approve").setEventId("unknown-proposal").build());
        hostile.add(vote("v1", "h1", "approve").setEventId("cast-in-the-future").setCastAtMs(System.currentTimeMillis() + 365L * 86_400_000).build());
        hostile.add(vote("v1", "intruder", "approve").setEventId("unregistered").build());
        hostile.add(vote("v1", "signer", "approve").setEventId("unsigned").build());
        hostile.add(vote("v1", "signer", "approve").setEventId("forged").setSignature(VoteSignatures.sign(
                vote("v1", "signer", "approve").setEventId("forged").build(), VoteSignatures.generate().getPrivate()).getSignature()).build());
        hostile.add(vote("v1", "h1", "approve").setEventId("other-tenant").setTenant(OTHER).build());
        for (Vote vote : hostile) {
            send(vote.getProposalId().equals("nope") ? Keys.of(TENANT, "nope") : key, vote);
        }
        expected.put("nan", "confidence_out_of_range");
        expected.put("negative", "confidence_out_of_range");
        expected.put("above-one", "confidence_out_of_range");
        expected.put("unknown-option", "option_not_offered");
        expected.put("unknown-round", "unknown_round");
        expected.put("cast-in-the-future", "timestamp_out_of_range");
        expected.put("unregistered", "unregistered_agent");
        expected.put("unsigned", "missing_signature");
        expected.put("forged", "bad_signature");
        expected.put("other-tenant", "key_mismatch");

        // A justification of three megabytes: the topic takes it (8 MiB), the detector refuses it.
        Vote huge = vote("v1", "h2", "approve").setEventId("huge").setJustification("x".repeat(3 << 20)).build();
        kafka.produceRaw(topics.votes.name(), key, topics.votes.valueSerde().serializer().serialize(topics.votes.name(), huge), 16 << 20);
        expected.put("huge", "justification_too_long");
        // Stamped an hour before its round opened (the broker keeps past timestamps).
        send(key, vote("v1", "h2", "approve").setEventId("stamped-an-hour-early").build(), System.currentTimeMillis() - 3_600_000L);
        expected.put("stamped-an-hour-early", "timestamp_out_of_range");
        // Stamped a year ahead: refused by the broker before any round can see it.
        assertThatThrownBy(() -> send(key, vote("v1", "h2", "approve").setEventId("a-year-ahead").build(),
                System.currentTimeMillis() + 365L * 86_400_000)).hasRootCauseInstanceOf(InvalidTimestampException.class);

        // The valid votes; then a signed vote replayed as is, and a vote reusing a valid vote's event id.
        Vote signed = VoteSignatures.sign(vote("v1", "signer", "approve").setEventId("signed").build(), signerKeys.getPrivate());
        send(key, vote("v1", "h1", "approve").setEventId("valid-h1").build());
        send(key, signed);
        send(key, signed);
        send(key, vote("v1", "h3", "reject").setEventId("valid-h1").build());
        expected.put("signed", "replayed_vote");
        expected.put("valid-h1", "replayed_vote");
        send(key, vote("v1", "h2", "reject").setEventId("valid-h2").build());
        send(key, vote("v1", "h3", "approve").setEventId("valid-h3").build());

        assertThat(rejectionsByEvent(key, from, expected.size())).isEqualTo(expected);
        assertThat(rejectionsByEvent(Keys.of(TENANT, "nope"), from, 1)).containsEntry("unknown-proposal", "unknown_proposal");
        Decision decision = KafkaIO.value(topics.decisions, kafka.first(topics.decisions.name(), null, r -> key.equals(r.key()), WAIT));
        assertThat(decision.getParticipants()).isEqualTo(4);
        assertThat(decision.getDistribution()).containsEntry("approve", 0.75).containsEntry("reject", 0.25);
    }

    @Test
    void shouldNotLetAVoteKeyedToAnotherTenantTouchItsProposal() throws Exception {
        String key = open(TENANT, "v2");
        List<Long> from = kafka.endOffsets(topics.rejected.name());
        // The other tenant's agent names this tenant's proposal, under its own tenant and under this one.
        Vote asItself = vote("v2", "o1", "reject").setTenant(OTHER).setEventId("o1-as-itself").build();
        send(Keys.of(OTHER, "v2"), asItself);
        send(key, vote("v2", "o1", "reject").setEventId("o1-as-hostile").build());

        assertThat(rejectionsByEvent(Keys.of(OTHER, "v2"), from, 1)).containsEntry("o1-as-itself", "unknown_proposal");
        assertThat(rejectionsByEvent(key, from, 1)).containsEntry("o1-as-hostile", "unregistered_agent");
        for (String agent : List.of("h1", "h2", "h3")) {
            send(key, vote("v2", agent, "approve").build());
        }
        send(key, VoteSignatures.sign(vote("v2", "signer", "approve").build(), signerKeys.getPrivate()));
        Decision decision = KafkaIO.value(topics.decisions, kafka.first(topics.decisions.name(), null, r -> key.equals(r.key()), WAIT));
        assertThat(decision.getDistribution()).containsEntry("approve", 1.0);
    }
}
