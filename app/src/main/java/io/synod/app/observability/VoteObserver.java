package io.synod.app.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.synod.schemas.Rejection;
import io.synod.schemas.ScoredVote;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The detector's metrics, from what it committed: votes scored and the distribution of their
 * suspicion ({@code consensus_vote_suspicion}), votes at or above the flagging threshold, and every
 * rejection on consensus.rejected by tenant, kind of input and reason
 * ({@code consensus_rejected_total}; the coordinator's rejections of late votes and bad proposals
 * are on that topic too).
 */
public final class VoteObserver {
    private final MeterRegistry registry;
    private final TenantTags tenants;
    private final double flagSuspicion;
    private final DistributionSummary suspicion;
    private final Map<String, Counter[]> votesByTenant = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

    public VoteObserver(MeterRegistry registry, TenantTags tenants, double flagSuspicion) {
        this.registry = registry;
        this.tenants = tenants;
        this.flagSuspicion = flagSuspicion;
        suspicion = DistributionSummary.builder("consensus.vote.suspicion")
                .description("Byzantine suspicion the detector gave each vote it forwarded, in [0,1]")
                .serviceLevelObjectives(0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
                .register(registry);
    }

    public OutputObserver.Handler<ScoredVote> scored() {
        return (vote, observedAtMs, backlog) -> {
            Counter[] counters = votesByTenant.computeIfAbsent(tenants.of(vote.getVote().getTenant()), tenant -> new Counter[] {
                    Counter.builder("consensus.votes.scored").description("Votes the detector accepted and scored")
                            .tag("tenant", tenant).register(registry),
                    Counter.builder("consensus.votes.flagged").description("Scored votes at or above the flagging suspicion")
                            .tag("tenant", tenant).register(registry)});
            counters[0].increment();
            suspicion.record(vote.getSuspicion());
            if (vote.getSuspicion() >= flagSuspicion) {
                counters[1].increment();
            }
        };
    }

    public OutputObserver.Handler<Rejection> rejected() {
        return (rejection, observedAtMs, backlog) -> {
            String tenant = tenants.of(rejection.getTenant());
            String key = tenant + '\u0000' + rejection.getSource() + '\u0000' + rejection.getReason();
            rejections.computeIfAbsent(key, k -> Counter.builder("consensus.rejected")
                    .description("Inputs refused with a reason (consensus.rejected)")
                    .tag("tenant", tenant).tag("source", rejection.getSource()).tag("reason", rejection.getReason())
                    .register(registry)).increment();
        };
    }
}
