package io.synod.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.AgentProfile;
import io.synod.schemas.Reputation;
import io.synod.schemas.internal.PeerEvidence;
import io.synod.schemas.internal.PeerVote;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollusionCheckTest {
    private final CollusionCheck check = new CollusionCheck(40, 0.02, 0.1, 2, 128, 0.0);
    /** With the early echo test at the default level. */
    private static final CollusionCheck EARLY = new CollusionCheck(40, 0.02, 0.1, 2, 128, 1e-4);
    /** The share of its votes an agent that chooses by the proposal gives its most chosen option. */
    private static final double VARIED = 0.55;

    /** {@code n} co-votes with "b" of the given accuracy, agreeing or not, recorded into {@code book}. */
    private static PeerBook withB(CollusionCheck check, PeerBook book, int n, boolean agreed, double accuracy) {
        for (int i = 0; i < n; i++) {
            check.record(book, List.of(PeerVote.newBuilder().setAgentId("b").setAgreed(agreed).setAccuracy(accuracy).build()));
        }
        return book;
    }

    private PeerBook covotes(int n, boolean agreeWithB, double peerAccuracy) {
        PeerBook evidence = check.open(null);
        for (int i = 0; i < n; i++) {
            check.record(evidence, List.of(
                    PeerVote.newBuilder().setAgentId("b").setAgreed(agreeWithB).setAccuracy(peerAccuracy).build(),
                    PeerVote.newBuilder().setAgentId("c").setAgreed(true).setAccuracy(peerAccuracy).build()));
        }
        return evidence;
    }

    @Test
    void shouldFlagAnAgentThatNeverDisagreesWithTwoPartnersWhoseAccuraciesImplyDisagreement() {
        assertThat(check.isColluding(covotes(50, true, 0.7), 0.7, VARIED)).isTrue();
    }

    @Test
    void shouldSpareAnAgentThatNearlyAlwaysChoosesOneOptionForNeverDisagreeingWithOthersThatDo() {
        // Two partners of accuracy 0.5 would disagree with an independent voter half the time, but an
        // agent with 999 of its 1,000 votes on one option agrees with anyone else who always picks it.
        assertThat(check.isColluding(covotes(50, true, 0.5), 0.47, 0.999)).isFalse();
        assertThat(check.isColluding(covotes(50, true, 0.5), 0.47, VARIED)).isTrue();
    }

    @Test
    void shouldTakeTheShareOfTheMostChosenOptionFromTheProfile() {
        AgentProfile profile = AgentProfile.newBuilder().setChoiceCounts(java.util.Map.of("1", 999L, "0", 1L)).build();

        assertThat(CollusionCheck.ownTopShare(profile)).isEqualTo(0.999);
        assertThat(CollusionCheck.ownTopShare(AgentProfile.newBuilder().build())).isZero();
        assertThat(CollusionCheck.ownTopShare(null)).isZero();
    }

    @Test
    void shouldSpareAgentsThatDisagreeAsOftenAsIndependentVotersWould() {
        PeerBook evidence = check.open(null);
        for (int i = 0; i < 100; i++) {
            boolean agree = i % 10 < 7;
            check.record(evidence, List.of(
                    PeerVote.newBuilder().setAgentId("b").setAgreed(agree).setAccuracy(0.7).build(),
                    PeerVote.newBuilder().setAgentId("c").setAgreed(agree).setAccuracy(0.7).build()));
        }
        assertThat(check.isColluding(evidence, 0.7, VARIED)).isFalse();
    }

    @Test
    void shouldSpareNearPerfectAgentsWhoAreExpectedToAgree() {
        assertThat(check.isColluding(covotes(100, true, 0.97), 0.96, VARIED)).isFalse();
    }

    @Test
    void shouldJudgeByCurrentAccuraciesNotTheEarlyUncertainOnes() {
        PeerBook early = covotes(60, true, 0.6);
        assertThat(check.isColluding(early, 0.6, VARIED)).isTrue();
        assertThat(check.isColluding(covotes(60, true, 0.97), 0.97, VARIED)).isFalse();
    }

    @Test
    void shouldListAsEchoesTheCovotersNeverDisagreedWithEvenWhenTheirAccuraciesExpectAgreement() {
        assertThat(check.echoes(covotes(100, true, 0.97))).containsExactly("b", "c");
        assertThat(check.echoes(covotes(100, false, 0.97))).containsExactly("c");
    }

    @Test
    void shouldListNoEchoesBeforeEnoughCovotesOrWithCrossAgentVerificationOff() {
        assertThat(check.echoes(covotes(39, true, 0.97))).isEmpty();
        CollusionCheck off = new CollusionCheck(40, 0.02, 0.1, Integer.MAX_VALUE, 128, 0.0);
        PeerBook book = off.open(covotes(60, true, 0.97).evidence());
        off.record(book, List.of());
        assertThat(off.echoes(book)).isEmpty();
    }

    @Test
    void shouldListAsAnEchoBeforeFortyCovotesACovoterNeverDisagreedWithWhereIndependentVotersWouldHaveDisagreed() {
        // Two voters of accuracy 0.6 agree about half the time: fifteen agreements running happen once in 18,000.
        PeerBook book = withB(EARLY, EARLY.open(null), 15, true, 0.6);

        assertThat(EARLY.echoes(book)).containsExactly("b");
        assertThat(EARLY.isColluding(book, 0.6, VARIED)).as("an echo is evidence about independence, not a verdict").isFalse();
    }

    @Test
    void shouldWaitForFortyCovotesBeforeListingAnAccurateCovoterAsAnEcho() {
        PeerBook book = withB(EARLY, EARLY.open(null), 39, true, 0.95);

        assertThat(EARLY.echoes(book)).isEmpty();
    }

    @Test
    void shouldStopListingAnEarlyEchoAtItsFirstDisagreement() {
        PeerBook book = withB(EARLY, withB(EARLY, EARLY.open(null), 20, true, 0.6), 1, false, 0.6);

        assertThat(EARLY.echoes(book)).isEmpty();
        assertThat(EARLY.echoes(EARLY.open(book.evidence()))).as("nor once its evidence is read back").isEmpty();
    }

    @Test
    void shouldNotJudgeBeforeEnoughCovotes() {
        assertThat(check.isColluding(covotes(39, true, 0.6), 0.6, VARIED)).isFalse();
    }

    @Test
    void shouldForgetTheLeastSeenCovoterWhenFull() {
        CollusionCheck small = new CollusionCheck(40, 0.02, 0.1, 2, 2, 0.0);
        PeerBook evidence = small.open(null);
        small.record(evidence, List.of(PeerVote.newBuilder().setAgentId("b").setAgreed(true).setAccuracy(0.5).build(),
                PeerVote.newBuilder().setAgentId("b2").setAgreed(true).setAccuracy(0.5).build()));
        small.record(evidence, List.of(PeerVote.newBuilder().setAgentId("b").setAgreed(true).setAccuracy(0.5).build()));

        small.record(evidence, List.of(PeerVote.newBuilder().setAgentId("c").setAgreed(true).setAccuracy(0.5).build()));

        assertThat(evidence.evidence().getPeers()).containsOnlyKeys("b", "c");
    }

    /** Eviction by the definition: before each newcomer, drop the entry with fewest co-votes, ties to the smallest id. */
    private static java.util.Map<String, Long> referenceCounts(List<List<String>> votes, int maxTracked) {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        for (List<String> vote : votes) {
            for (String agent : vote) {
                if (!counts.containsKey(agent) && counts.size() >= maxTracked) {
                    counts.entrySet().stream().min(java.util.Map.Entry.<String, Long>comparingByValue().thenComparing(java.util.Map.Entry.comparingByKey()))
                            .ifPresent(least -> counts.remove(least.getKey()));
                }
                counts.merge(agent, 1L, Long::sum);
            }
        }
        return counts;
    }

    @Test
    void shouldEvictExactlyAsAScanForTheLeastSeenWould() {
        java.util.Random random = new java.util.Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int maxTracked = 1 + random.nextInt(12);
            // Low thresholds so that co-voters often start and stop looking coordinated.
            CollusionCheck small = new CollusionCheck(3, 0.34, 0.1, 2, maxTracked, 0.0);
            List<List<String>> votes = new java.util.ArrayList<>();
            PeerBook book = small.open(null);
            for (int v = 0; v < 60; v++) {
                List<String> agents = new java.util.ArrayList<>();
                List<PeerVote> peers = new java.util.ArrayList<>();
                for (int p = random.nextInt(8); p > 0; p--) {
                    // Repeats within one vote too, and a pool larger than the tracked maximum.
                    String agent = "a" + random.nextInt(3 * maxTracked + 2);
                    agents.add(agent);
                    peers.add(PeerVote.newBuilder().setAgentId(agent).setAgreed(random.nextInt(4) > 0).setAccuracy(0.3 + 0.6 * random.nextDouble()).build());
                }
                votes.add(agents);
                if (random.nextInt(5) == 0) {
                    // As after a restart or a cache miss: the book again, from what the store holds.
                    book = small.open(PeerEvidence.newBuilder(book.evidence()).build());
                }
                small.record(book, peers);
                java.util.Map<String, Long> counts = new java.util.HashMap<>();
                book.evidence().getPeers().forEach((agent, stats) -> counts.put(agent, stats.getCovotes()));
                assertThat(counts).as("trial %d vote %d", trial, v).isEqualTo(referenceCounts(votes, maxTracked));
                assertThat(small.echoes(book)).as("echoes, trial %d vote %d", trial, v).isEqualTo(referenceEchoes(book.evidence(), 3, 0.34));
                double own = random.nextDouble();
                assertThat(small.isColluding(book, own, VARIED)).as("collusion, trial %d vote %d", trial, v)
                        .isEqualTo(referenceColluding(book.evidence(), own, 3, 0.34, 0.1, 2));
            }
        }
    }

    /** Echoes by the definition: every co-voter with enough co-votes and few enough disagreements, sorted, at most 64. */
    private static List<String> referenceEchoes(PeerEvidence evidence, long minCovotes, double maxDisagreement) {
        return evidence.getPeers().entrySet().stream()
                .filter(e -> e.getValue().getCovotes() >= minCovotes
                        && e.getValue().getCovotes() - e.getValue().getAgreements() <= maxDisagreement * e.getValue().getCovotes())
                .map(java.util.Map.Entry::getKey).sorted().limit(CollusionCheck.MAX_ECHOES).toList();
    }

    private static boolean referenceColluding(PeerEvidence evidence, double own, long minCovotes, double maxDisagreement,
                                              double minExpected, int minPartners) {
        long partners = evidence.getPeers().values().stream()
                .filter(s -> s.getCovotes() >= minCovotes && s.getCovotes() - s.getAgreements() <= maxDisagreement * s.getCovotes())
                .filter(s -> 1.0 - (own * s.getPeerAccuracy() + (1 - own) * (1 - s.getPeerAccuracy())) >= minExpected)
                .count();
        return partners >= minPartners;
    }

    @Test
    void shouldJudgeAnAgentByItsAgreementWithTheDecisionsWhenThatIsAboveItsAccuracy() {
        Reputation mainstream = Reputation.newBuilder().setTenant("t").setAgentId("a").setReputation(0.9)
                .setAccuracy(0.9).setIntegrity(1.0).setVotes(100).setAgreements(98).setCause("decision").setUpdatedAtMs(0L).build();
        Reputation contrary = Reputation.newBuilder(mainstream).setAgreements(40).build();

        assertThat(CollusionCheck.ownRate(mainstream)).isEqualTo(0.98);
        assertThat(CollusionCheck.ownRate(contrary)).isEqualTo(0.9);
    }
}
