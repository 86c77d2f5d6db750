package io.synod.reputation;

import static org.assertj.core.api.Assertions.assertThat;

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

class OutcomeCollusionTest {
    private final OutcomeCollusion check = GroupCollusion.from(SynodConfig.defaults()
            .with(Map.of("detector.group.outcomes.enabled", "true"))).againstOutcomes();

    /** Evidence in plain maps, as the collector keeps it in its stores. */
    private static final class MapEvidence implements OutcomeCollusion.Evidence {
        final Map<String, PairStats> pairs = new HashMap<>();
        TenantGroups groups = TenantGroups.EMPTY;

        @Override
        public PairStats pair(String key) {
            return pairs.get(key);
        }

        @Override
        public void pair(String key, PairStats stats) {
            pairs.put(key, stats);
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
     * Proposals with a known outcome ("approve"), ten honest voters of rated accuracy 0.8 drawn from
     * forty (errors independent) and, when {@code bloc} is set, five of a bloc of six, rated 0.8 as
     * well, that on a third of them all choose the wrong option. The decision is the bloc's choice
     * when it attacks: it wins, so only the truth shows it wrong.
     */
    private Set<String> flaggedAfter(int proposals, boolean bloc, long seed) {
        Random random = new Random(seed);
        MapEvidence evidence = new MapEvidence();
        Set<String> flagged = new TreeSet<>();
        for (int p = 0; p < proposals; p++) {
            List<Ballot> ballots = new ArrayList<>();
            List<Integer> crowd = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                crowd.add(i);
            }
            java.util.Collections.shuffle(crowd, random);
            for (int i : crowd.subList(0, 10)) {
                ballots.add(ballot("h" + i, random.nextDouble() < 0.2 ? "reject" : "approve"));
            }
            boolean attack = bloc && random.nextDouble() < 0.33;
            if (bloc) {
                int absent = random.nextInt(6);
                for (int i = 0; i < 6; i++) {
                    if (i != absent) {
                        ballots.add(ballot("b" + i, attack || random.nextDouble() < 0.1 ? "reject" : "approve"));
                    }
                }
            }
            flagged.addAll(check.onOutcome(decision("p" + p, attack ? "reject" : "approve", ballots), "approve", evidence));
        }
        return flagged;
    }

    private static Ballot ballot(String agent, String choice) {
        return Ballot.newBuilder().setAgentId(agent).setChoice(choice).setConfidence(0.8).setWeight(1.0).setCastAtMs(0L)
                .setAccuracy(0.8).build();
    }

    private static Decision decision(String id, String decided, List<Ballot> ballots) {
        return Decision.newBuilder().setEventId(id).setTenant("t").setProposalId(id).setStatus("achieved").setDecision(decided)
                .setSupport(1.0).setRound(1).setMode("weighted").setParticipants(ballots.size())
                .setDistribution(Map.of("approve", 0.5, "reject", 0.5)).setFlagged(List.of()).setBallots(ballots).setThreshold(0.67)
                .setProposedAtMs(0L).setDecidedAtMs(0L).build();
    }

    @Test
    void shouldQuarantineABlocThatWinsItsAttacksOnceOutcomesShowItWrongTogether() {
        assertThat(flaggedAfter(60, true, 1)).containsExactlyInAnyOrder("b0", "b1", "b2", "b3", "b4", "b5");
    }

    @Test
    void shouldSpareHonestAgentsWhoseErrorsAreIndependent() {
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(flaggedAfter(400, false, seed)).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void shouldNotTakeHonestAgentsWhoErrBesideTheBlocForMembers() {
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(flaggedAfter(400, true, seed)).as("seed %d", seed).allMatch(agent -> agent.startsWith("b"));
        }
    }

    @Test
    void shouldDemandAStricterLevelPerPairAsTheTenantTracksMorePairs() {
        // Given the level at which one pair counts, for a tenant that tracks few pairs and for one that tracks many
        double few = check.logPairLevel(100);
        double many = check.logPairLevel(100_000);

        // Then many tracked pairs (many possible groups of four) need stronger evidence per pair
        assertThat(many).isLessThan(few);
        assertThat(few).isLessThan(Math.log(0.05));
    }

    @Test
    void shouldFindNothingByDefault() {
        assertThat(nothingFoundBy(GroupCollusion.from(SynodConfig.defaults()).againstOutcomes())).isTrue();
    }

    @Test
    void shouldFindNothingWhenCrossAgentVerificationIsOff() {
        assertThat(nothingFoundBy(GroupCollusion.from(SynodConfig.defaults().with(
                Map.of("detector.cross.enabled", "false", "detector.group.outcomes.enabled", "true"))).againstOutcomes())).isTrue();
    }

    /** Whether a bloc of six that always errs together by the truth goes unreported and leaves no evidence. */
    private static boolean nothingFoundBy(OutcomeCollusion off) {
        MapEvidence evidence = new MapEvidence();
        List<Ballot> ballots = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ballots.add(ballot("b" + i, "reject"));
        }

        boolean found = false;
        for (int p = 0; p < 100; p++) {
            found |= !off.onOutcome(decision("p" + p, "reject", ballots), "approve", evidence).isEmpty();
        }
        return !found && evidence.pairs.isEmpty();
    }
}
