package io.synod.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synod.events.VoteSignatures;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Vote;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BenchAgentsTest {

    @Test
    void shouldCastVotesThatVerifyAgainstTheKeyEachAgentIsRegisteredWith() throws Exception {
        BenchAgents agents = BenchAgents.generate("bench", 3, 42L);
        assertTrue(agents.signed());
        for (int i = 0; i < 3; i++) {
            AgentRegistration registration = agents.registration(i, 1_000L);
            assertNotNull(registration.getPublicKey());
            Vote vote = agents.randomVote(i, "p1", 2_000L, new Random(i));
            assertTrue(VoteSignatures.verify(vote, VoteSignatures.publicKey(registration.getPublicKey())), "agent " + i);
            Vote tampered = Vote.newBuilder(vote).setChoice(vote.getChoice().equals("approve") ? "reject" : "approve").build();
            assertFalse(VoteSignatures.verify(tampered, VoteSignatures.publicKey(registration.getPublicKey())), "agent " + i + " tampered");
        }
    }

    @Test
    void shouldRegisterNoKeyAndSignNothingWhenThePopulationIsUnsigned() {
        BenchAgents agents = BenchAgents.generate("bench", 2, 42L, false);
        assertFalse(agents.signed());
        AgentRegistration registration = agents.registration(1, 1_000L);
        assertNull(registration.getPublicKey());
        assertEquals("agent-00001", registration.getAgentId());
        Vote vote = agents.randomVote(1, "p1", 2_000L, new Random(1));
        assertNull(vote.getSignature());
        assertEquals("bench/p1/agent-00001", vote.getEventId());
    }
}
