package io.synod.coordinator;

import io.synod.schemas.Policy;
import java.util.Set;

/** Fills a proposal's policy from the deployment defaults and says what is wrong with it, if anything. */
final class PolicyResolver {
    static final Set<String> MODES = Set.of("weighted", "simple_majority", "unanimous", "plurality");
    static final Set<String> FALLBACKS = Set.of("none", "simple_majority", "plurality", "escalate");

    private PolicyResolver() {
    }

    static Policy resolve(Policy requested, Policy defaults) {
        if (requested == null) {
            return Policy.newBuilder(defaults).build();
        }
        return Policy.newBuilder()
                .setThreshold(or(requested.getThreshold(), defaults.getThreshold()))
                .setMaxRounds(or(requested.getMaxRounds(), defaults.getMaxRounds()))
                .setMinParticipants(or(requested.getMinParticipants(), defaults.getMinParticipants()))
                .setRoundTimeoutMs(or(requested.getRoundTimeoutMs(), defaults.getRoundTimeoutMs()))
                .setMode(or(requested.getMode(), defaults.getMode()))
                .setFallback(or(requested.getFallback(), defaults.getFallback()))
                .setFallbackAfterRounds(or(requested.getFallbackAfterRounds(), defaults.getFallbackAfterRounds()))
                .setQuorum(or(requested.getQuorum(), defaults.getQuorum()))
                .setQuorumFraction(or(requested.getQuorumFraction(), defaults.getQuorumFraction()))
                .setExpiresAtMs(or(requested.getExpiresAtMs(), defaults.getExpiresAtMs()))
                .setRequireTrusted(or(requested.getRequireTrusted(), defaults.getRequireTrusted()))
                .build();
    }

    /** Null when the resolved policy is usable, else why not. */
    static String problemWith(Policy p) {
        if (p.getThreshold() == null || !(p.getThreshold() > 0.5 && p.getThreshold() <= 1.0)) {
            return "threshold must be in (0.5, 1], got " + p.getThreshold();
        }
        if (p.getMaxRounds() == null || p.getMaxRounds() < 1 || p.getMaxRounds() > 100) {
            return "maxRounds must be in [1, 100], got " + p.getMaxRounds();
        }
        if (p.getMinParticipants() == null || p.getMinParticipants() < 0) {
            return "minParticipants must be >= 0, got " + p.getMinParticipants();
        }
        if (p.getRoundTimeoutMs() == null || p.getRoundTimeoutMs() <= 0) {
            return "roundTimeoutMs must be > 0, got " + p.getRoundTimeoutMs();
        }
        if (!MODES.contains(p.getMode())) {
            return "mode must be one of " + MODES + ", got " + p.getMode();
        }
        if (!FALLBACKS.contains(p.getFallback())) {
            return "fallback must be one of " + FALLBACKS + ", got " + p.getFallback();
        }
        if (p.getFallbackAfterRounds() == null || p.getFallbackAfterRounds() < 1) {
            return "fallbackAfterRounds must be >= 1, got " + p.getFallbackAfterRounds();
        }
        if (p.getQuorum() == null || p.getQuorum() < 0) {
            return "quorum must be >= 0, got " + p.getQuorum();
        }
        if (p.getQuorumFraction() == null || p.getQuorumFraction() < 0 || p.getQuorumFraction() > 1) {
            return "quorumFraction must be in [0, 1], got " + p.getQuorumFraction();
        }
        return null;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
