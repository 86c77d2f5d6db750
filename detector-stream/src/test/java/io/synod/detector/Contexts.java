package io.synod.detector;

import io.synod.schemas.AgentProfile;
import io.synod.schemas.Policy;
import io.synod.schemas.Reputation;
import io.synod.schemas.RoundOpened;
import io.synod.schemas.Vote;
import io.synod.text.TextFingerprint;
import java.util.List;

/** Builds the context a detection method sees, for one vote, in unit tests. */
final class Contexts {
    static final List<String> OPTIONS = List.of("approve", "reject");
    static final RoundMemory.TenantNorms TYPICAL_TENANT = new RoundMemory.TenantNorms(1_000, 0.05, 0.01);

    private Contexts() {
    }

    static Vote vote(String agent, String choice, double confidence, String justification) {
        return Vote.newBuilder().setEventId("v-" + agent).setTenant("t").setProposalId("p1").setAgentId(agent).setRound(1)
                .setChoice(choice).setConfidence(confidence).setJustification(justification).setCastAtMs(1_000L).build();
    }

    static VoteValidator.OpenRound round() {
        return VoteValidator.OpenRound.of(RoundOpened.newBuilder().setTenant("t").setProposalId("p1").setRound(1).setOptions(OPTIONS)
                .setEligible(List.of("a1", "a2", "a3")).setPolicy(Policy.newBuilder().build()).setOpenedAtMs(0L).setDeadlineMs(30_000L).build());
    }

    static Reputation reputation(String agent, AgentProfile profile) {
        return Reputation.newBuilder().setTenant("t").setAgentId(agent).setReputation(0.6).setAccuracy(0.6).setIntegrity(1.0)
                .setVotes(0).setAgreements(0).setCause("decision").setUpdatedAtMs(0L).setProfile(profile).build();
    }

    static VoteContext context(Vote vote, Reputation reputation) {
        return context(vote, reputation, List.of(), null, 1, TYPICAL_TENANT);
    }

    static VoteContext context(Vote vote, Reputation reputation, List<RoundMemory.Print> earlier, RoundMemory.Print previous, int burst,
                               RoundMemory.TenantNorms norms) {
        List<String> tokens = TextFingerprint.tokens(vote.getJustification(), OPTIONS);
        return new VoteContext(vote, round(), null, reputation, tokens, TextFingerprint.simhash(tokens), TextFingerprint.contentWords(tokens),
                TextFingerprint.distinctBigrams(tokens), earlier, previous, burst, norms);
    }

    static RoundMemory.Print print(String agent, String choice, String justification) {
        List<String> tokens = TextFingerprint.tokens(justification, OPTIONS);
        return new RoundMemory.Print(agent, choice, TextFingerprint.simhash(tokens), TextFingerprint.distinctBigrams(tokens) >= TextFingerprint.MIN_BIGRAMS);
    }
}
