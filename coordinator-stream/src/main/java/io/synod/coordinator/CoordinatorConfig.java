package io.synod.coordinator;

import io.synod.config.SynodConfig;
import io.synod.schemas.Policy;

/**
 * The coordinator's settings: the deployment's default policy (each proposal may override any
 * field) and the safety rules.
 *
 * @param defaultPolicy        every field set
 * @param punctuateIntervalMs  how often idle partitions are checked for rounds past their deadline
 * @param flagSuspicion        suspicion at or above which a vote is excluded and its agent flagged
 * @param haltFlaggedFraction  share of a round's voters flagged above which the proposal halts
 * @param arbitrationTimeoutMs how long an escalated proposal waits for arbitration before deadlock
 * @param sharedBallots        how many of the previous round's ballots a new round shows agents
 * @param swarm                how Sybil swarms of fresh agents are recognised
 * @param copies               how groups pasting one justification are recognised
 * @param roundChecks          whether swarms and copy groups are looked for at round close (detector.cross.enabled)
 * @param excludeQuarantined   whether votes of quarantined agents are excluded (detector.reputation.enabled)
 * @param maxOpenProposals     a tenant's open proposals at most, unless its own quota says otherwise; 0 is unlimited
 * @param endedRetentionMs     how long an ended proposal is remembered (its id taken, late votes refused as closed); 0 for ever
 */
public record CoordinatorConfig(Policy defaultPolicy, long punctuateIntervalMs, double flagSuspicion,
                                double haltFlaggedFraction, long arbitrationTimeoutMs, int sharedBallots,
                                SwarmDetector swarm, CopyDetector copies, boolean roundChecks, boolean excludeQuarantined,
                                long maxOpenProposals, long endedRetentionMs) {

    public static CoordinatorConfig from(SynodConfig config) {
        Policy defaults = Policy.newBuilder()
                .setThreshold(config.getDouble("consensus.threshold"))
                .setMaxRounds(config.getInt("consensus.max.rounds"))
                .setMinParticipants(config.getInt("consensus.min.participants"))
                .setRoundTimeoutMs(config.getLong("consensus.round.timeout.ms"))
                .setMode(config.get("consensus.mode"))
                .setFallback(config.get("consensus.fallback"))
                .setFallbackAfterRounds(config.getInt("consensus.fallback.after.rounds"))
                .setQuorum(config.getInt("consensus.quorum"))
                .setQuorumFraction(config.getDouble("consensus.quorum.fraction"))
                .setExpiresAtMs(null)
                .setRequireTrusted(config.getBoolean("consensus.require.trusted"))
                .build();
        String problem = PolicyResolver.problemWith(defaults);
        if (problem != null) {
            throw new IllegalArgumentException("invalid default consensus policy: " + problem);
        }
        return new CoordinatorConfig(defaults,
                config.getLong("consensus.punctuate.interval.ms"),
                config.getDouble("consensus.flag.suspicion"),
                config.getDouble("consensus.halt.flagged.fraction"),
                config.getLong("consensus.arbitration.timeout.ms"),
                config.getInt("consensus.shared.ballots"),
                new SwarmDetector(config.getInt("detector.swarm.min.size"), config.getInt("detector.swarm.fresh.votes"),
                        config.getLong("detector.swarm.burst.ms"), config.getDouble("detector.swarm.similarity")),
                new CopyDetector(config.getInt("detector.copy.min.group"), config.getDouble("detector.copy.similarity"),
                        config.getInt("detector.copy.min.bigrams")),
                config.getBoolean("detector.cross.enabled"), config.getBoolean("detector.reputation.enabled"),
                config.getLong("tenant.max.open.proposals"), config.endedRetentionMs());
    }

    public static CoordinatorConfig fromDefaults() {
        return from(SynodConfig.defaults());
    }
}
