package io.synod.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.AgentProfile;
import io.synod.schemas.Ballot;
import io.synod.schemas.Reputation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnlineDawidSkeneTest {
    private final OnlineDawidSkene model = new OnlineDawidSkene(4, 2, 4);
    private static final List<String> OPTIONS = List.of("approve", "reject");

    private static Ballot ballot(String agent, String choice) {
        return Ballot.newBuilder().setAgentId(agent).setChoice(choice).setConfidence(1.0).setWeight(0.0).setCastAtMs(0L).build();
    }

    private static Reputation history(String agent, double correct, double wrong) {
        return Reputation.newBuilder().setTenant("t").setAgentId(agent).setReputation(0).setAccuracy(0).setIntegrity(1)
                .setVotes((long) (correct + wrong)).setAgreements(0).setCause("test").setUpdatedAtMs(0L)
                .setSoftCorrect(correct).setSoftWrong(wrong).build();
    }

    @Test
    void shouldFollowTheMajorityOfAgentsWithNoHistory() {
        Tally tally = model.tally(OPTIONS, new ArrayList<>(List.of(ballot("a", "approve"), ballot("b", "approve"), ballot("c", "reject"))),
                agent -> null);

        assertThat(tally.leader()).isEqualTo("approve");
        assertThat(tally.support()).isGreaterThan(0.5).isLessThan(1.0);
        assertThat(tally.distribution().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void shouldLetOneProvenReliableAgentOutweighTwoUnreliableOnes() {
        Map<String, Reputation> reputations = Map.of(
                "expert", history("expert", 60, 1),
                "x", history("x", 10, 10),
                "y", history("y", 10, 10));

        Tally tally = model.tally(OPTIONS, new ArrayList<>(List.of(ballot("expert", "reject"), ballot("x", "approve"), ballot("y", "approve"))),
                reputations::get);

        assertThat(tally.leader()).isEqualTo("reject");
    }

    @Test
    void shouldNeverLetACountedVoteCountAgainstItsOwnChoice() {
        // Wrong on all 50 of its decisions: read upside down, its vote would decide for reject.
        List<Ballot> ballots = new ArrayList<>(List.of(ballot("liar", "approve")));

        Tally tally = model.tally(OPTIONS, ballots, agent -> history(agent, 0, 50));

        assertThat(ballots.get(0).getWeight()).isZero();
        assertNoEvidence(tally);
    }

    @Test
    void shouldNotLetACountedVoterWhoseRecordPointsElsewhereAddToItsChoice() {
        // Its record: when it voted "c" the decision was mostly "b" (a liar counted before its quarantine).
        // Raising "c" to the likelihood of "b" would make its vote evidence for "c" over "a" and "d"; it is none.
        Reputation record = Reputation.newBuilder(history("liar", 5, 45))
                .setConfusion(Map.of("b" + OnlineDawidSkene.SEPARATOR + "c", 40.0, "c" + OnlineDawidSkene.SEPARATOR + "c", 2.0))
                .setRowTotals(Map.of("b", 40.0, "c", 10.0)).build();

        Tally tally = model.tally(List.of("a", "b", "c", "d"), new ArrayList<>(List.of(ballot("liar", "c"))), agent -> record);

        tally.distribution().values().forEach(p -> assertThat(p).isCloseTo(0.25, org.assertj.core.api.Assertions.within(1e-9)));
    }

    @Test
    void shouldReadVotersWhoseRecordsSayTheyWereWrongAsNoEvidenceRatherThanInverted() {
        // Early decisions a bloc carried make an honest crowd look wrong. Read inverted, three of them voting
        // approve would be three votes for reject; they count for nothing instead.
        java.util.function.Function<String, Reputation> records = agent -> agent.startsWith("h") ? history(agent, 5, 25) : history(agent, 6, 4);
        Tally crowd = model.tally(OPTIONS, new ArrayList<>(List.of(ballot("h1", "approve"), ballot("h2", "approve"), ballot("h3", "approve"),
                ballot("x", "reject"))), records);
        Tally alone = model.tally(OPTIONS, new ArrayList<>(List.of(ballot("x", "reject"))), records);

        assertThat(crowd.distribution().get("reject")).isCloseTo(alone.distribution().get("reject"), org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void shouldNeverLetAbstentionsDecide() {
        Tally tally = model.tally(OPTIONS, new ArrayList<>(List.of(ballot("a", "abstain"), ballot("b", "abstain"))), agent -> null);

        assertThat(tally.leader()).isNull();
        assertThat(tally.voters()).isEqualTo(2);
    }

    /** 200 decided votes, half at confidence 0.6 and half at 0.9, right {@code rightLow} and {@code rightHigh} of the time. */
    private static Reputation statedConfidence(String agent, double rightLow, double rightHigh) {
        AgentProfile profile = AgentProfile.newBuilder().setResolutionVotes(200).setConfidenceSum(150).setConfidenceSquares(117)
                .setRightSum(100 * rightLow + 100 * rightHigh).setConfidenceRight(0.6 * 100 * rightLow + 0.9 * 100 * rightHigh).build();
        Reputation reputation = history(agent, 150, 50);
        reputation.setProfile(profile);
        return reputation;
    }

    private static Ballot ballot(String agent, String choice, double confidence) {
        Ballot ballot = ballot(agent, choice);
        ballot.setConfidence(confidence);
        return ballot;
    }

    @Test
    void shouldLetTheSurerVoteWinWhenTheVotersConfidenceGoesWithBeingRight() {
        Tally tally = model.tally(OPTIONS, new ArrayList<>(List.of(ballot("unsure", "approve", 0.55), ballot("sure", "reject", 0.95))),
                agent -> statedConfidence(agent, 0.6, 0.9));

        assertThat(tally.leader()).isEqualTo("reject");
        assertThat(tally.support()).isGreaterThan(0.6);
    }

    @Test
    void shouldReadConfidenceThatSaysNothingAboutBeingRightAsIfUnstated() {
        Tally tally = model.tally(OPTIONS, new ArrayList<>(List.of(ballot("unsure", "approve", 0.55), ballot("sure", "reject", 0.95))),
                agent -> statedConfidence(agent, 0.75, 0.75));

        assertThat(tally.support()).isLessThan(0.53);
    }

    @Test
    void shouldNotLetABlocThatCarriedWrongDecisionsOutvoteTheHonestMajorityOnItsOldRecord() {
        // Three colluders look 0.9 accurate against the decisions they carried; ground truth on 40 of their votes found 22 right.
        // Four honest voters look 0.75 accurate, and ground truth agrees with the decisions on them.
        java.util.function.Function<String, Reputation> reputations = agent -> agent.startsWith("bloc")
                ? withOutcomes(history(agent, 180, 20), 40, 0.9, 22)
                : withOutcomes(history(agent, 75, 25), 12, 0.75, 9);
        List<Ballot> ballots = new ArrayList<>(List.of(ballot("bloc1", "reject"), ballot("bloc2", "reject"), ballot("bloc3", "reject"),
                ballot("h1", "approve"), ballot("h2", "approve"), ballot("h3", "approve"), ballot("h4", "approve")));

        Tally tally = model.tally(OPTIONS, ballots, reputations);

        assertThat(tally.leader()).isEqualTo("approve");
        assertThat(ballots.get(0).getWeight()).isLessThan(ballots.get(3).getWeight());
    }

    @Test
    void shouldLetTheSameBlocWinWhileNoOutcomeHasContradictedIt() {
        java.util.function.Function<String, Reputation> reputations = agent -> agent.startsWith("bloc")
                ? history(agent, 180, 20) : history(agent, 75, 25);
        List<Ballot> ballots = new ArrayList<>(List.of(ballot("bloc1", "reject"), ballot("bloc2", "reject"), ballot("bloc3", "reject"),
                ballot("h1", "approve"), ballot("h2", "approve"), ballot("h3", "approve"), ballot("h4", "approve")));

        assertThat(model.tally(OPTIONS, ballots, reputations).leader()).isEqualTo("reject");
    }

    @Test
    void shouldCountAnExcludedBlocAgainstItsChoiceWhenGroundTruthFoundItWrongWhereTheDecisionsMissed() {
        // Two honest voters split; three quarantined bloc members, wrong on 45 of 50 decisions and on all
        // four ground truths where the decisions went wrong, vote approve.
        List<Ballot> excluded = blocVoting("approve");
        Tally tally = tallyWithBloc(excluded, agent -> missed(history(agent, 5, 45), 4, 0));

        assertThat(tally.leader()).isEqualTo("reject");
        assertThat(tally.distribution().get("reject")).isGreaterThan(0.9);
        assertThat(excluded.get(0).getWeight()).isNegative();
    }

    @Test
    void shouldIgnoreAnExcludedBlocRightWhereTheDecisionsMissed() {
        // The same record against the decisions, but right every time the decisions were wrong: its vote
        // follows the others' (against the majority), not the truth.
        List<Ballot> excluded = blocVoting("approve");
        Tally with = tallyWithBloc(excluded, agent -> missed(history(agent, 5, 45), 4, 4));
        Tally without = model.tally(OPTIONS, splitHonestVoters(), agent -> history(agent, 40, 10));

        assertThat(with.distribution()).isEqualTo(without.distribution());
        assertThat(excluded.get(0).getWeight()).isZero();
    }

    @Test
    void shouldIgnoreAnExcludedVoterWithoutGroundTruthWhereTheDecisionsMissed() {
        Tally with = tallyWithBloc(blocVoting("approve"), agent -> missed(history(agent, 5, 45), 0, 0));

        assertNoEvidence(with);
    }

    @Test
    void shouldCountAnExcludedVoterAgainstItsChoiceWithoutGroundTruthWhenItSidesWithThePluralityFarMoreThanAnOpposer() {
        // Wrong on 45 of 50 decisions, and for a clear counted plurality on 12 of its 100 excluded votes: an
        // opposer of the majority (at most 0.5%) would manage that with probability about 1e-15.
        Tally tally = tallyWithBloc(blocVoting("approve"), agent -> sided(history(agent, 5, 45), 100, 12));

        assertThat(tally.leader()).isEqualTo("reject");
    }

    @Test
    void shouldCountABlocThatSidesWithAClearPluralityOnAFewPercentOfItsVotesAgainstItsChoice() {
        // 6 of 150 (4%): where a clear plurality errs a few percent of the time, a bloc lying against the
        // truth sides with it that often; an opposer (at most 0.5%) would with probability below 1e-4.
        Tally tally = tallyWithBloc(blocVoting("approve"), agent -> sided(history(agent, 5, 45), 150, 6));

        assertThat(tally.leader()).isEqualTo("reject");
    }

    @Test
    void shouldIgnoreAnExcludedVoterThatSidesWithThePluralityNoMoreThanAnOpposerWould() {
        Tally tally = tallyWithBloc(blocVoting("approve"), agent -> sided(history(agent, 5, 45), 150, 1));

        assertNoEvidence(tally);
    }

    @Test
    void shouldLetGroundTruthWhereTheMajorityMissedOverruleThePresumption() {
        // It sides with the plurality often, but every time the majority missed it was right.
        Reputation sidedButRight = sided(history("bloc", 5, 45), 100, 12);
        sidedButRight.getProfile().setMissedOutcomes(4);
        sidedButRight.getProfile().setMissedRight(4);
        Tally tally = tallyWithBloc(blocVoting("approve"), agent -> sidedButRight);

        assertNoEvidence(tally);
    }

    @Test
    void shouldWeighByTheFadedCountsAndWriteTheLifetimeAccuracyOnTheBallot() {
        // Right on most of its record, wrong lately: the faded counts say 0.2, the lifetime 0.8.
        Reputation turned = history("turned", 2, 8);
        turned.setLifetimeCorrect(80.0);
        turned.setLifetimeWrong(20.0);
        List<Ballot> ballots = new ArrayList<>(List.of(ballot("turned", "approve"), ballot("h1", "reject")));

        Tally tally = model.tally(OPTIONS, ballots, agent -> agent.equals("turned") ? turned : history(agent, 6, 4));

        assertThat(tally.leader()).isEqualTo("reject");
        assertThat(ballots.get(0).getAccuracy()).isCloseTo(81.0 / 102.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void shouldNeverLetAnExcludedVoterAddToItsChoice() {
        // Accurate by every measure, but quarantined: it must not count for approve.
        Tally tally = tallyWithBloc(blocVoting("approve"), agent -> missed(history(agent, 45, 5), 4, 4));

        assertNoEvidence(tally);
    }

    /** Even odds between the two options: the ballots carried no evidence either way. */
    private static void assertNoEvidence(Tally tally) {
        assertThat(tally.distribution().get("approve")).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-9));
    }

    /** Two honest voters split evenly, and the excluded ballots of bloc members whose records {@code bloc} gives. */
    private Tally tallyWithBloc(List<Ballot> excluded, java.util.function.Function<String, Reputation> bloc) {
        return model.tally(OPTIONS, splitHonestVoters(), excluded, agent -> agent.startsWith("bloc") ? bloc.apply(agent) : history(agent, 40, 10));
    }

    private static List<Ballot> splitHonestVoters() {
        return new ArrayList<>(List.of(ballot("h1", "approve"), ballot("h2", "reject")));
    }

    private static List<Ballot> blocVoting(String choice) {
        return new ArrayList<>(List.of(ballot("bloc1", choice), ballot("bloc2", choice), ballot("bloc3", choice)));
    }

    private static Reputation missed(Reputation reputation, long missed, long right) {
        reputation.setProfile(AgentProfile.newBuilder().setMissedOutcomes(missed).setMissedRight(right).build());
        return reputation;
    }

    private static Reputation sided(Reputation reputation, long excluded, long withPlurality) {
        reputation.setProfile(AgentProfile.newBuilder().setExcludedVotes(excluded).setExcludedWithMajority(withPlurality).build());
        return reputation;
    }

    private static Reputation withOutcomes(Reputation reputation, long votes, double support, long right) {
        reputation.setProfile(AgentProfile.newBuilder().setOutcomeVotes(votes).setOutcomeSupport(support * votes).setOutcomeRight(right).build());
        return reputation;
    }
}
