package io.synod.detector;

import io.synod.schemas.AgentProfile;

/**
 * Method 2, justification quality. Synchronously and for every vote: how much the justification
 * says (distinct content words, option labels and stop words excluded). From the agent's profile:
 * how relevant its justifications are to the proposals (cosine similarity of sentence embeddings,
 * measured on the asynchronous side path) and how often it pastes its own earlier justification
 * onto another proposal (SimHash of word bigrams, and embeddings). All findings are weak: a terse
 * honest agent is not a manipulator, but terse, irrelevant, recycled text is what bots produce.
 */
final class JustificationQuality implements DetectionMethod {
    static final String EMPTY = "empty_justification";
    static final String LOW_INFORMATION = "low_information_justification";
    static final String IRRELEVANT = "irrelevant_justifications";
    static final String SELF_COPIED = "self_copied_justifications";
    private static final long MIN_SAMPLES = 10;
    private static final double SELF_COPY_RATE = 0.5;

    private final int minContentWords;
    private final double relevanceFloor;

    JustificationQuality(DetectorSettings settings) {
        this.minContentWords = settings.minContentWords();
        this.relevanceFloor = settings.relevanceFloor();
    }

    @Override
    public String name() {
        return "quality";
    }

    @Override
    public MethodScore score(VoteContext context) {
        MethodScore.Builder findings = new MethodScore.Builder(0.3);
        boolean unusual = RoundMemory.TenantNorms.unusual(context.norms().votes(), context.norms().terseShare());
        if (unusual && context.tokens().isEmpty()) {
            findings.add(0.15, EMPTY);
        } else if (unusual && context.contentWords() < minContentWords) {
            findings.add(0.1, LOW_INFORMATION);
        }
        AgentProfile profile = context.profile();
        if (profile != null) {
            if (profile.getQualitySamples() >= MIN_SAMPLES && profile.getRelevance() >= 0 && profile.getRelevance() < relevanceFloor) {
                findings.add(0.15, IRRELEVANT);
            }
            long copies = Math.max(profile.getSelfCopies(), profile.getSemanticSelfCopies());
            long compared = profile.getSemanticSelfCopies() > profile.getSelfCopies() ? profile.getQualitySamples() : profile.getJustifiedVotes();
            if (compared >= MIN_SAMPLES && copies >= SELF_COPY_RATE * compared) {
                findings.add(0.15, SELF_COPIED);
            }
        }
        return findings.build();
    }
}
