package io.synod.reputation;

import io.synod.config.SynodConfig;

/**
 * Slow recovery over time: the evidence against an agent fades with a half-life in event time, so
 * an agent that erred long ago is not held to it forever. It applies across idle spells of at
 * least a day: an active agent's standing follows what it does now, and the seed rule's exact
 * arithmetic holds between votes. Quarantine is not evidence that fades: only an operator's
 * review (a reset) lifts it.
 *
 * @param halfLifeMs event time after which half of the evidence against an agent is forgotten; 0 disables recovery
 */
public record Recovery(long halfLifeMs) {
    public static final Recovery NONE = new Recovery(0L);
    static final long MIN_IDLE_MS = 86_400_000L;

    public static Recovery from(SynodConfig config) {
        return new Recovery(config.getLong("reputation.recovery.half.life.ms"));
    }

    /** The share of the evidence against an agent that is still remembered after {@code elapsedMs}: 1 means all. */
    public double remaining(long elapsedMs) {
        if (halfLifeMs <= 0 || elapsedMs < MIN_IDLE_MS) {
            return 1.0;
        }
        return Math.pow(0.5, (double) elapsedMs / halfLifeMs);
    }
}
