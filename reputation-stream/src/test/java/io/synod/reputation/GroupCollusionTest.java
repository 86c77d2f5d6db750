package io.synod.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.synod.config.SynodConfig;
import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GroupCollusionTest {
    private final GroupCollusion check = GroupCollusion.from(SynodConfig.defaults());

    /** Evidence in plain maps, as the collector keeps it in its stores. */
    private static final class MapEvidence implements GroupCollusion.Evidence {
        final Map<String, PairTriples> pairs = new HashMap<>();
        TenantGroups groups = TenantGroups.EMPTY;

        @Override
        public PairTriples pair(String first, String second) {
            return pairs.get(GroupCollusion.pairKey("", first, second));
        }

        @Override
        public void pair(String first, String second, PairTriples triples) {
            pairs.put(GroupCollusion.pairKey("", first, second), triples);
        }

        @Override
        public TenantGroups groups() {
            return groups;
        }

        @Override
        public void groups(TenantGroups next) {
            groups = next;
        }
    }

    /**
     * Binary proposals with eight honest voters of accuracy 0.8 (errors independent) and, when
     * {@code bloc} is set, five more of the same accuracy that on a third of the proposals all take
     * the losing option together; {@code pair} makes two honest voters always err together.
     */
    private Set<String> flaggedAfter(int proposals, boolean bloc, boolean pair, long seed) {
        Random random = new Random(seed);
        MapEvidence evidence = new MapEvidence();
        Set<String> flagged = new TreeSet<>();
        for (int p = 0; p < proposals; p++) {
            List<Ballot> ballots = new ArrayList<>();
            boolean pairWrong = random.nextDouble() < 0.2;
            for (int i = 0; i < 8; i++) {
                boolean wrong = pair && i < 2 ? pairWrong : random.nextDouble() < 0.2;
                ballots.add(ballot("h" + i, wrong ? "reject" : "approve"));
            }
            if (bloc) {
                boolean attack = random.nextDouble() < 0.33;
                for (int i = 0; i < 5; i++) {
                    ballots.add(ballot("b" + i, attack || random.nextDouble() < 0.2 ? "reject" : "approve"));
                }
            }
            flagged.addAll(check.onDecision(decision("p" + p, ballots), evidence));
        }
        return flagged;
    }

    private static Ballot ballot(String agent, String choice) {
        return Ballot.newBuilder().setAgentId(agent).setChoice(choice).setConfidence(0.8).setWeight(1.0).setCastAtMs(0L)
                .setAccuracy(0.7).build();
    }

    private static Decision decision(String id, List<Ballot> ballots) {
        return Decision.newBuilder().setEventId(id).setTenant("t").setProposalId(id).setStatus("achieved").setDecision("approve")
                .setSupport(1.0).setRound(1).setMode("weighted").setParticipants(ballots.size()).setDistribution(Map.of())
                .setFlagged(List.of()).setBallots(ballots).setThreshold(0.67).setProposedAtMs(0L).setDecidedAtMs(0L).build();
    }

    @Test
    void shouldQuarantineABlocThatSitsTogetherOnLosingOptions() {
        assertThat(flaggedAfter(300, true, false, 1)).containsExactlyInAnyOrder("b0", "b1", "b2", "b3", "b4");
    }

    @Test
    void shouldSpareHonestAgentsWhoseErrorsAreIndependent() {
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(flaggedAfter(400, false, false, seed)).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void shouldSpareAPairOfHonestAgentsThatAlwaysErrTogether() {
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(flaggedAfter(400, false, true, seed)).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void shouldGiveAVoterCertainToBeWrongAWholePlaceAndShareTheRestByOdds() {
        double[] shares = GroupCollusion.shares(2, new double[] {49.0, 1.0, 3.0});

        assertThat(shares[0]).isEqualTo(1.0);
        assertThat(shares[1]).isCloseTo(0.25, within(1e-12));
        assertThat(shares[2]).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void shouldFindNothingWhenCrossAgentVerificationIsOff() {
        GroupCollusion off = GroupCollusion.from(SynodConfig.defaults().with(Map.of("detector.cross.enabled", "false")));
        MapEvidence evidence = new MapEvidence();
        List<Ballot> ballots = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ballots.add(ballot("b" + i, "reject"));
        }

        for (int p = 0; p < 200; p++) {
            assertThat(off.onDecision(decision("p" + p, ballots), evidence)).isEmpty();
        }
        assertThat(evidence.pairs).isEmpty();
    }

    @Test
    void shouldNotTakeAnHonestAgentWhoErrsBesideAWellRatedBlocForOneOfIt() {
        // Given a bloc of three, rated accurate, that takes the losing option together on half of the
        // proposals (so any triple holding two of them sits on losing options far beyond their ratings),
        // and an honest agent that errs as often as its rating says
        Random random = new Random(7);
        MapEvidence evidence = new MapEvidence();
        Set<String> flagged = new TreeSet<>();
        for (int p = 0; p < 400; p++) {
            boolean attack = random.nextDouble() < 0.5;
            List<Ballot> ballots = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ballots.add(Ballot.newBuilder(ballot("b" + i, attack ? "reject" : "approve")).setAccuracy(0.9).build());
            }
            ballots.add(ballot("honest", random.nextDouble() < 0.3 ? "reject" : "approve"));
            for (int i = 0; i < 6; i++) {
                ballots.add(ballot("h" + i, random.nextDouble() < 0.2 ? "reject" : "approve"));
            }
            // When the bloc's three and the honest agent are judged as a group of four
            flagged.addAll(check.onDecision(decision("p" + p, ballots), evidence));
        }

        // Then the honest agent is not part of it (the bloc of three is no group of four either)
        assertThat(flagged).doesNotContain("honest");
    }

    /**
     * A bloc of seven of which five vote on each proposal and take one losing option together on a
     * third of the proposals, eight honest voters of accuracy 0.8 and one of 0.6; as live, a
     * quarantined agent's ballots carry suspicion 1 from the next proposal on.
     */
    private Set<String> flaggedWithQuarantine(int proposals, long seed) {
        Random random = new Random(seed);
        MapEvidence evidence = new MapEvidence();
        Set<String> flagged = new TreeSet<>();
        List<String> bloc = List.of("b0", "b1", "b2", "b3", "b4", "b5", "b6");
        for (int p = 0; p < proposals; p++) {
            List<Ballot> ballots = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ballots.add(ballot("h" + i, random.nextDouble() < 0.2 ? "reject" : "approve"));
            }
            ballots.add(ballot("weak", random.nextDouble() < 0.4 ? "reject" : "approve"));
            boolean attack = random.nextDouble() < 0.33;
            List<String> voting = new ArrayList<>(bloc);
            java.util.Collections.shuffle(voting, random);
            for (String member : voting.subList(0, 5)) {
                ballots.add(ballot(member, attack || random.nextDouble() < 0.1 ? "reject" : "approve"));
            }
            List<Ballot> screened = new ArrayList<>();
            for (Ballot ballot : ballots) {
                screened.add(flagged.contains(ballot.getAgentId())
                        ? Ballot.newBuilder(ballot).setSuspicion(1.0).setReasons(List.of("quarantined:group_collusion")).build() : ballot);
            }
            flagged.addAll(check.onDecision(decision("p" + p, screened), evidence));
        }
        return flagged;
    }

    @Test
    void shouldQuarantineTheRestOfABlocThatJoinsItsQuarantinedMembersOnTheirLosingOptions() {
        for (long seed = 1; seed <= 3; seed++) {
            assertThat(flaggedWithQuarantine(500, seed)).as("seed %d", seed)
                    .containsExactlyInAnyOrder("b0", "b1", "b2", "b3", "b4", "b5", "b6");
        }
    }

    @Test
    void shouldTakeOnlyAgentsQuarantinedOnOtherEvidenceForKnownColluders() {
        Ballot quarantined = Ballot.newBuilder(ballot("x", "reject")).setSuspicion(1.0).build();

        assertThat(GroupCollusion.excluded(Ballot.newBuilder(quarantined).setReasons(List.of("quarantined:collusion")).build())).isEqualTo(1);
        assertThat(GroupCollusion.excluded(Ballot.newBuilder(quarantined).setReasons(List.of("quarantined:group_collusion")).build())).isZero();
        assertThat(GroupCollusion.excluded(ballot("y", "reject"))).isZero();
    }

    /**
     * Eight honest voters of accuracy 0.9 and a school of four: on the two proposals in five that the
     * school finds hard each of its members errs with probability 0.7, on the others with 0.1. Its
     * members err together far more often than independent voters would, but when two of them err the
     * third joins them only about 70% of the time.
     */
    private static Set<String> schoolFlaggedBy(GroupCollusion check, long seed) {
        Random random = new Random(seed);
        MapEvidence evidence = new MapEvidence();
        Set<String> flagged = new TreeSet<>();
        for (int p = 0; p < 500; p++) {
            List<Ballot> ballots = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ballots.add(ballot("h" + i, random.nextDouble() < 0.1 ? "reject" : "approve"));
            }
            double error = random.nextDouble() < 0.4 ? 0.7 : 0.1;
            for (int i = 0; i < 4; i++) {
                ballots.add(ballot("s" + i, random.nextDouble() < error ? "reject" : "approve"));
            }
            flagged.addAll(check.onDecision(decision("p" + p, ballots), evidence));
        }
        return flagged;
    }

    @Test
    void shouldSpareASchoolWhoseMembersErrTogetherOnlyPartOfTheTime() {
        GroupCollusion withoutJoinRate = GroupCollusion.from(SynodConfig.defaults().with(Map.of("detector.group.min.join.rate", "0")));
        for (long seed = 1; seed <= 3; seed++) {
            // Given a school whose co-errors are far beyond chance (the count tests alone take it for a group)
            assertThat(schoolFlaggedBy(withoutJoinRate, seed)).as("seed %d without the join rate", seed).contains("s0", "s1", "s2", "s3");
            // Then it is no group: colluders who lie together are all there when two of them are
            assertThat(schoolFlaggedBy(check, seed)).as("seed %d", seed).isEmpty();
        }
    }

    /**
     * Eight honest voters of accuracy 0.8 and a bloc of five whose lies have cost them their rating (accuracy
     * 0.45, so each is expected among the losers about half the time) and who take one losing option together
     * on a third of the proposals.
     */
    private Set<String> inaccurateBlocFlagged(int proposals, long seed) {
        Random random = new Random(seed);
        MapEvidence evidence = new MapEvidence();
        Set<String> flagged = new TreeSet<>();
        for (int p = 0; p < proposals; p++) {
            List<Ballot> ballots = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ballots.add(ballot("h" + i, random.nextDouble() < 0.2 ? "reject" : "approve"));
            }
            boolean attack = random.nextDouble() < 0.33;
            for (int i = 0; i < 5; i++) {
                ballots.add(Ballot.newBuilder(ballot("b" + i, attack || random.nextDouble() < 0.1 ? "reject" : "approve"))
                        .setAccuracy(0.45).build());
            }
            flagged.addAll(check.onDecision(decision("p" + p, ballots), evidence));
        }
        return flagged;
    }

    @Test
    void shouldFindABlocRatedInaccurateByItsOwnLiesFromHowReliablyItsMembersJoinEachOther() {
        // Each member is there nearly every time two others are, at a chance near one half: a binomial over
        // those occasions shows it within 700 proposals, a Poisson count at their expected joins only after 1,000
        for (long seed = 11; seed <= 13; seed++) {
            assertThat(inaccurateBlocFlagged(700, seed)).as("seed %d", seed).containsExactlyInAnyOrder("b0", "b1", "b2", "b3", "b4");
        }
    }
}
