package io.synod.app.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.synod.events.DecisionStatuses;
import io.synod.schemas.Decision;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The coordinator's metrics, from the decisions it committed to consensus.decisions:
 * {@code consensus_decisions_total{tenant,status}}, {@code consensus_achieved_total{tenant}}
 * (achieved, fallback or arbitrated: what reaches consensus.achieved), the rounds a decision took,
 * the ballots flagged in deciding rounds, and {@code consensus_latency_seconds{from}}: from the
 * last vote of the deciding round, and from the proposal, to the decision being readable.
 */
public final class DecisionObserver implements OutputObserver.Handler<Decision> {
    /** Every status a decision can have, so each tenant's counters exist from its first decision on. */
    static final List<String> STATUSES = DecisionStatuses.ALL;
    private static final Set<String> ACHIEVED = DecisionStatuses.REACHED;
    /** A human's arbitration time is not consensus latency. */
    private static final Set<String> NO_LATENCY = Set.of("escalated", "arbitrated");
    static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300)};

    private final MeterRegistry registry;
    private final TenantTags tenants;
    private final Timer fromLastVote;
    private final Timer fromProposal;
    private final DistributionSummary rounds;
    private final Map<String, TenantMeters> byTenant = new ConcurrentHashMap<>();

    private record TenantMeters(Map<String, Counter> byStatus, Counter achieved, Counter flaggedBallots) {
    }

    public DecisionObserver(MeterRegistry registry, TenantTags tenants) {
        this.registry = registry;
        this.tenants = tenants;
        fromLastVote = latency(registry, "last_vote");
        fromProposal = latency(registry, "proposal");
        rounds = DistributionSummary.builder("consensus.rounds.per.decision")
                .description("Rounds a proposal took to its decision")
                .serviceLevelObjectives(1, 2, 3, 4, 5, 7, 10)
                .register(registry);
    }

    private static Timer latency(MeterRegistry registry, String from) {
        return Timer.builder("consensus.latency")
                .description("Time to a decision readable on consensus.decisions, from the last vote of the deciding round or from the proposal")
                .tag("from", from)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    @Override
    public void accept(Decision decision, long observedAtMs, boolean backlog) {
        TenantMeters meters = byTenant.computeIfAbsent(tenants.of(decision.getTenant()), this::metersFor);
        String status = decision.getStatus();
        meters.byStatus().computeIfAbsent(status, s -> decisions(tenants.of(decision.getTenant()), s)).increment();
        if (ACHIEVED.contains(status)) {
            meters.achieved().increment();
        }
        if ("escalated".equals(status)) {
            return;
        }
        rounds.record(decision.getRound());
        meters.flaggedBallots().increment(decision.getFlagged().size());
        if (backlog || NO_LATENCY.contains(status) || "arbitration_timeout".equals(decision.getReason())) {
            return;
        }
        if (decision.getLastVoteAtMs() != null) {
            fromLastVote.record(Duration.ofMillis(Math.max(0, observedAtMs - decision.getLastVoteAtMs())));
        }
        fromProposal.record(Duration.ofMillis(Math.max(0, observedAtMs - decision.getProposedAtMs())));
    }

    private TenantMeters metersFor(String tenant) {
        Map<String, Counter> byStatus = new LinkedHashMap<>();
        STATUSES.forEach(status -> byStatus.put(status, decisions(tenant, status)));
        return new TenantMeters(new ConcurrentHashMap<>(byStatus),
                Counter.builder("consensus.achieved").description("Proposals that reached a decision (achieved, fallback or arbitrated)")
                        .tag("tenant", tenant).register(registry),
                Counter.builder("consensus.flagged.ballots").description("Ballots excluded or down-weighted as Byzantine in deciding rounds")
                        .tag("tenant", tenant).register(registry));
    }

    private Counter decisions(String tenant, String status) {
        return Counter.builder("consensus.decisions").description("Proposals ended, by status")
                .tag("tenant", tenant).tag("status", status).register(registry);
    }
}
