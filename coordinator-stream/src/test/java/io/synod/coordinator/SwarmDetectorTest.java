package io.synod.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Ballot;
import io.synod.schemas.Reputation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmDetectorTest {
    private final SwarmDetector detector = new SwarmDetector(5, 3, 60_000, 0.5);
    private final List<String> options = List.of("1", "2");
    private final Map<String, Reputation> reputations = new HashMap<>();
    private final Map<String, AgentRegistration> registrations = new HashMap<>();

    private Ballot vote(String agent, String choice, String justification, long registeredAtMs, long votes) {
        registrations.put(agent, AgentRegistration.newBuilder().setTenant("t").setAgentId(agent).setUpdatedAtMs(registeredAtMs).build());
        if (votes > 0) {
            reputations.put(agent, Reputation.newBuilder().setTenant("t").setAgentId(agent).setReputation(0.7).setAccuracy(0.7)
                    .setIntegrity(1).setVotes(votes).setAgreements(votes).setCause("test").setUpdatedAtMs(0L).build());
        }
        return Ballot.newBuilder().setAgentId(agent).setChoice(choice).setConfidence(0.9).setWeight(0).setCastAtMs(0L)
                .setJustification(justification).build();
    }

    private List<Ballot> establishedVoters() {
        List<Ballot> ballots = new ArrayList<>();
        ballots.add(vote("old1", "1", "I compared the sources and option 1 fits.", 0, 50));
        ballots.add(vote("old2", "1", "Having read it twice, the first reading holds.", 0, 50));
        return ballots;
    }

    @Test
    void shouldFlagFreshAgentsRegisteredTogetherThatCopyEachOther() {
        List<Ballot> ballots = establishedVoters();
        for (int i = 0; i < 6; i++) {
            ballots.add(vote("sybil" + i, "2", "From what the item shows, I would classify this as option 2, although I am not fully certain.", 99_000 + i, 0));
        }

        assertThat(detector.swarm(ballots, options, 100_000, reputations::get, registrations::get))
                .containsExactlyInAnyOrder("sybil0", "sybil1", "sybil2", "sybil3", "sybil4", "sybil5");
    }

    @Test
    void shouldSpareFreshAgentsThatWriteTheirOwnWords() {
        List<Ballot> ballots = establishedVoters();
        String[] own = {"The tone is clearly negative overall.", "Two sentences contradict the headline.",
                "I checked the guideline examples first.", "Sarcasm makes this hard, but it leans two.",
                "Mostly about pricing; the reviewer is unhappy.", "Second reading confirms my first impression."};
        for (int i = 0; i < own.length; i++) {
            ballots.add(vote("new" + i, "2", own[i], 99_000 + i, 0));
        }

        assertThat(detector.swarm(ballots, options, 100_000, reputations::get, registrations::get)).isEmpty();
    }

    @Test
    void shouldNotJudgeARoundWhereNobodyHasHistoryYet() {
        List<Ballot> ballots = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ballots.add(vote("founder" + i, "2", "I would classify this as option 2.", 0, 0));
        }

        assertThat(detector.swarm(ballots, options, 1_000, reputations::get, registrations::get)).isEmpty();
    }

    @Test
    void shouldSpareCopyingFreshAgentsThatRegisteredLongBeforeTheRound() {
        List<Ballot> ballots = establishedVoters();
        for (int i = 0; i < 6; i++) {
            ballots.add(vote("late" + i, "2", "I would classify this as option 2, fairly clearly.", 0, 0));
        }

        assertThat(detector.swarm(ballots, options, 10_000_000, reputations::get, registrations::get)).isEmpty();
    }

    @Test
    void shouldLeaveOutAFreshAgentThatVotesTheSwarmsOptionInItsOwnWords() {
        // Everyone registered at once (a tenant's start): the honest newcomer falls into the swarm's group.
        List<Ballot> ballots = establishedVoters();
        for (int i = 0; i < 6; i++) {
            ballots.add(vote("sybil" + i, "2", "From what the item shows, I would classify this as option 2, although I am not fully certain.", 99_000 + i, 0));
        }
        ballots.add(vote("newcomer", "2", "Two sentences contradict the headline, so the second label is the better fit.", 99_500, 0));

        assertThat(detector.swarm(ballots, options, 100_000, reputations::get, registrations::get))
                .containsExactlyInAnyOrder("sybil0", "sybil1", "sybil2", "sybil3", "sybil4", "sybil5");
    }

    @Test
    void shouldCallASwarmLateWhenItRegisteredABurstAfterTheEstablishedVoters() {
        List<Ballot> ballots = establishedVoters();
        for (int i = 0; i < 6; i++) {
            ballots.add(vote("sybil" + i, "2", "From what the item shows, I would classify this as option 2, although I am not fully certain.", 99_000 + i, 0));
        }
        var swarm = detector.swarm(ballots, options, 100_000, reputations::get, registrations::get);

        assertThat(detector.arrivedLate(swarm, ballots, reputations::get, registrations::get)).containsExactlyInAnyOrderElementsOf(swarm);
    }

    @Test
    void shouldNotCallASwarmLateAtTheTenantsStartWhereEveryoneRegisteredTogether() {
        // The established voters registered at 0 as well: a stock-phrase group of fresh honest workers may fall in with copies here.
        List<Ballot> ballots = establishedVoters();
        for (int i = 0; i < 6; i++) {
            ballots.add(vote("sybil" + i, "2", "From what the item shows, I would classify this as option 2, although I am not fully certain.", i, 0));
        }
        var swarm = detector.swarm(ballots, options, 30_000, reputations::get, registrations::get);

        assertThat(swarm).hasSize(6);
        assertThat(detector.arrivedLate(swarm, ballots, reputations::get, registrations::get)).isEmpty();
    }
}
