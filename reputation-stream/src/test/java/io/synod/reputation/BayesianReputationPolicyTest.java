package io.synod.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.synod.events.QuarantineReasons;
import io.synod.schemas.Reputation;
import io.synod.schemas.internal.ReputationSignal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BayesianReputationPolicyTest {
    private final BayesianReputationPolicy policy = new BayesianReputationPolicy(4, 2, 5, 10, 1e-4, 2);

    private static ReputationSignal decision(String choice, String decided, double posteriorOfDecided) {
        String other = decided.equals("a") ? "b" : "a";
        return ReputationSignal.newBuilder().setTenant("t").setAgentId("x").setKind("decision").setProposalId("p")
                .setAgreed(choice.equals(decided)).setChoice(choice).setDecision(decided)
                .setPosterior(Map.of(decided, posteriorOfDecided, other, 1 - posteriorOfDecided)).setAtMs(1L).build();
    }

    private static ReputationSignal outcome(String choice, String decided, String truth) {
        return ReputationSignal.newBuilder(decision(choice, decided, 0.9)).setKind("outcome").setTruth(truth).build();
    }

    private static ReputationSignal flag(String reason) {
        return ReputationSignal.newBuilder().setTenant("t").setAgentId("x").setKind("flag").setProposalId("p").setReason(reason)
                .setAtMs(1L).build();
    }

    /** An excluded vote for {@code choice} on a reached decision whose counted votes clearly chose {@code plurality}. */
    private static ReputationSignal excluded(String choice, String plurality) {
        return ReputationSignal.newBuilder(flag("excluded_as_byzantine")).setChoice(choice).setMajority(plurality).setOptions(2).build();
    }

    /** Quarantined as a contrarian: it opposed every one of 40 two-option decisions. */
    private Reputation contrarian() {
        Reputation r = policy.initial("t", "x", 0);
        for (int i = 0; i < 40; i++) {
            r = policy.apply(r, decision("a", "b", 1.0));
        }
        assertThat(r.getFlagged()).isTrue();
        assertThat(r.getFlagReason()).isEqualTo("contrarian");
        return r;
    }

    @Test
    void shouldLiftAContrarianQuarantineOnceItsExcludedVotesGoWithTheCountedPluralityFarAboveChance() {
        // The decisions it opposed were a bloc's; once the bloc is out, it goes with the crowd on 19 of 20.
        Reputation r = contrarian();
        for (int i = 0; i < 19; i++) {
            r = policy.apply(r, excluded(i == 3 ? "b" : "a", "a"));
        }
        assertThat(r.getFlagged()).as("19 votes are fewer than the 20 the test asks for").isTrue();

        r = policy.apply(r, excluded("a", "a"));

        assertThat(r.getFlagged()).isFalse();
        assertThat(r.getFlagReason()).isNull();
        assertThat(r.getIntegrity()).isEqualTo(1.0);
        assertThat(r.getCause()).isEqualTo(QuarantineReasons.REINSTATED);
        assertThat(r.getProfile().getDecisionVotes()).as("the verdict's history is set aside").isZero();
        assertThat(r.getFlags()).as("the flags stay on the record").isEqualTo(21);
        r = policy.apply(r, decision("a", "a", 1.0));
        assertThat(r.getFlagged()).as("one counted vote later it is not judged by the old history again").isFalse();
    }

    @Test
    void shouldNotQuarantineAgainOnVotesExcludedOnlyBecauseTheLiftedQuarantineHadNotReachedTheDetector() {
        Reputation r = contrarian();
        for (int i = 0; i < 20; i++) {
            r = policy.apply(r, excluded("a", "a"));
        }
        assertThat(r.getFlagged()).isFalse();

        // Two rounds scored before the reinstatement reached the detector: their ballots still carry the quarantine.
        Reputation stale = policy.apply(policy.apply(r, flag(QuarantineReasons.EXCLUDED_WHILE_QUARANTINED)),
                flag(QuarantineReasons.EXCLUDED_WHILE_QUARANTINED));
        Reputation fresh = policy.apply(r, flag("excluded_as_byzantine"));

        assertThat(stale.getFlagged()).isFalse();
        assertThat(stale.getFlags()).isEqualTo(r.getFlags() + 2);
        assertThat(fresh.getFlagged()).as("a new exclusion on the detector's own suspicion still counts").isTrue();
    }

    @Test
    void shouldKeepAContrarianQuarantinedWhileItsExcludedVotesStillOpposeThePlurality() {
        Reputation r = contrarian();
        for (int i = 0; i < 200; i++) {
            // With the plurality about as often as a voter picking at random (half of the two options' votes).
            r = policy.apply(r, excluded(i % 2 == 0 ? "a" : "b", "a"));
        }
        assertThat(r.getFlagged()).isTrue();
        assertThat(r.getProfile().getQuarantinedVotes()).isEqualTo(200);
    }

    @Test
    void shouldNeverLiftAQuarantineOnGroundTruthOrCollusionThisWay() {
        Reputation wrongByTruth = policy.initial("t", "x", 0);
        for (int i = 0; i < 30; i++) {
            wrongByTruth = policy.apply(wrongByTruth, outcome("a", "b", "b"));
        }
        Reputation colluder = policy.apply(policy.initial("t", "x", 0), flag("collusion"));
        for (int i = 0; i < 40; i++) {
            wrongByTruth = policy.apply(wrongByTruth, excluded("a", "a"));
            colluder = policy.apply(colluder, excluded("a", "a"));
        }
        assertThat(wrongByTruth.getFlagged()).isTrue();
        assertThat(colluder.getFlagged()).isTrue();
        assertThat(colluder.getProfile().getQuarantinedVotes()).isZero();
    }

    @Test
    void shouldQuarantineASybilSwarmMemberOnItsFirstExclusion() {
        Reputation r = policy.apply(policy.initial("t", "x", 0), flag("sybil_swarm"));

        assertThat(r.getFlagged()).isTrue();
        assertThat(r.getFlagReason()).isEqualTo("sybil_swarm");
        assertThat(r.getIntegrity()).isZero();
    }

    @Test
    void shouldQuarantineAnAgentExcludedOnTheDetectorsSuspicionOnlyWhenItRecurs() {
        Reputation once = policy.apply(policy.initial("t", "x", 0), flag("excluded_as_byzantine"));
        assertThat(once.getFlagged()).isFalse();

        Reputation twice = policy.apply(once, flag("excluded_as_byzantine"));
        assertThat(twice.getFlagged()).isTrue();
        assertThat(policy.apply(policy.initial("t", "x", 0), flag("down_weighted")).getFlagged()).isFalse();
    }

    @Test
    void shouldStartNewAgentsAtThePriorAccuracy() {
        assertThat(policy.initial("t", "x", 0).getReputation()).isCloseTo(4.0 / 6.0, within(1e-9));
    }

    @Test
    void shouldWeighAnAgentThatTurnedByItsRecentVotesWhileReportingItsWholeRecord() {
        // Right on its first 300 votes, wrong on the next 200.
        BayesianReputationPolicy fading = new BayesianReputationPolicy(4, 2, 5, 10, 1e-4, 2, Recovery.NONE, null, 300);
        Reputation r = fading.initial("t", "x", 0);
        for (int i = 0; i < 500; i++) {
            r = fading.apply(r, decision(i < 300 ? "a" : "b", "a", 1.0));
        }

        double recent = (r.getSoftCorrect() + 1) / (r.getSoftCorrect() + r.getSoftWrong() + 2);
        assertThat(recent).as("the decision model's counts").isLessThan(0.45);
        assertThat(r.getSoftCorrect() + r.getSoftWrong()).as("about the memory's worth of evidence").isBetween(200.0, 300.0);
        assertThat(r.getLifetimeCorrect()).isCloseTo(300.0, within(1e-6));
        assertThat(r.getLifetimeWrong()).isCloseTo(200.0, within(1e-6));
        assertThat(r.getAccuracy()).as("the reported accuracy is the whole record's").isCloseTo(301.0 / 502.0, within(1e-9));
    }

    @Test
    void shouldNeverFadeWithoutAMemory() {
        Reputation r = policy.initial("t", "x", 0);
        for (int i = 0; i < 50; i++) {
            r = policy.apply(r, decision("a", "a", 1.0));
        }

        assertThat(r.getSoftCorrect()).isEqualTo(r.getLifetimeCorrect()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void shouldTakeTheLifetimeCountsOfARecordWrittenBeforeThemFromItsSoftCounts() {
        Reputation old = policy.initial("t", "x", 0);
        old.setSoftCorrect(40.0);
        old.setSoftWrong(10.0);

        Reputation next = policy.apply(old, decision("a", "a", 1.0));

        assertThat(next.getLifetimeCorrect()).isCloseTo(41.0, within(1e-9));
        assertThat(next.getLifetimeWrong()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void shouldCountAVoteAsRightWithTheDecisionsPosteriorProbability() {
        Reputation r = policy.apply(policy.initial("t", "x", 0), decision("a", "a", 0.8));

        assertThat(r.getSoftCorrect()).isCloseTo(0.8, within(1e-9));
        assertThat(r.getSoftWrong()).isCloseTo(0.2, within(1e-9));
        assertThat(r.getReputation()).isCloseTo(4.8 / 7.0, within(1e-9));
        assertThat(r.getVotes()).isEqualTo(1);
    }

    @Test
    void shouldReplaceTheSoftEvidenceOfAProposalWithItsGroundTruth() {
        Reputation r = policy.apply(policy.initial("t", "x", 0), decision("a", "a", 0.9));

        r = policy.apply(r, outcome("a", "a", "b"));

        assertThat(r.getSoftCorrect()).isCloseTo(0.0, within(1e-9));
        assertThat(r.getSoftWrong()).isCloseTo(5.0, within(1e-9));
        assertThat(r.getTruthVotes()).isEqualTo(1);
        assertThat(r.getTruthWithWrongDecision()).isEqualTo(1);
    }

    @Test
    void shouldFlagAnAgentFarBelowChanceAgainstGroundTruth() {
        Reputation r = policy.initial("t", "x", 0);
        for (int i = 0; i < 30; i++) {
            r = policy.apply(r, outcome("a", "b", "b"));
        }
        assertThat(r.getFlagged()).isTrue();
        assertThat(r.getFlagReason()).isEqualTo("contrarian");
        assertThat(r.getIntegrity()).isZero();
    }

    @Test
    void shouldNotFlagAnHonestButInaccurateAgent() {
        Reputation r = policy.initial("t", "x", 0);
        for (int i = 0; i < 60; i++) {
            boolean right = i % 5 < 2;
            r = policy.apply(r, outcome(right ? "b" : "a", "b", "b"));
        }
        assertThat(r.getFlagged()).isFalse();
        assertThat(r.getIntegrity()).isEqualTo(1.0);
    }

    @Test
    void shouldNotFlagAnAgentThatSidesWithTheDecisionsOfAHardTask() {
        // An honest voter that reads items as most do, on a task whose decisions the ground truth shows wrong
        // three times in four: it sides with every wrong decision, as the agents that steered them would.
        Reputation r = policy.initial("t", "x", 0);
        for (int i = 0; i < 40; i++) {
            r = policy.apply(r, outcome("a", "a", i % 4 == 0 ? "a" : "b"));
        }
        assertThat(r.getTruthWithWrongDecision()).isEqualTo(30);
        assertThat(r.getFlagged()).isFalse();
        assertThat(r.getIntegrity()).isEqualTo(1.0);
    }
}
