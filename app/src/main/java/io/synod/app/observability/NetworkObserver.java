package io.synod.app.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.synod.events.QuarantineReasons;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Reputation;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Network health per tenant, from the whole agent.reputation and agent.registry tables:
 * {@code consensus_network_avg_reputation}, agents, active agents, low-reputation agents,
 * quarantined (flagged) agents and their share, agents per reputation band, and
 * {@code byzantine_agents_detected_total}: agents newly quarantined while this process watched, and
 * {@code byzantine_agents_reinstated_total}: agents whose quarantine on agreement with the decisions
 * alone was lifted once their excluded votes went with the crowd (decision 0109).
 * Every reputation instance reads the whole tables, so these are aggregated with max, not sum.
 */
public final class NetworkObserver {
    static final int BANDS = 10;

    private final MeterRegistry registry;
    private final TenantTags tenants;
    private final double lowReputation;
    private final Map<String, TenantView> byTenant = new ConcurrentHashMap<>();

    /** What the gauges need of an agent's reputation record (not its evidence counts). */
    private record Standing(double reputation, boolean flagged) {
    }

    /** One tenant's agents as the tables say now; read by the gauges at scrape time. */
    private final class TenantView {
        final Map<String, Standing> reputations = new ConcurrentHashMap<>();
        final Map<String, Boolean> active = new ConcurrentHashMap<>();
        final Counter detected;
        final Counter reinstated;

        TenantView(String tenant) {
            detected = Counter.builder("byzantine.agents.detected").description("Agents newly quarantined as Byzantine")
                    .tag("tenant", tenant).register(registry);
            reinstated = Counter.builder("byzantine.agents.reinstated")
                    .description("Agents whose quarantine on agreement with the decisions alone was lifted by their later votes")
                    .tag("tenant", tenant).register(registry);
            gauge("consensus.network.avg.reputation", tenant, "Average reputation of the tenant's agents", this::averageReputation);
            gauge("consensus.network.agents", tenant, "Agents with a reputation", () -> reputations.size());
            gauge("consensus.network.active.agents", tenant, "Agents registered and active", () -> active.values().stream().filter(a -> a).count());
            gauge("consensus.network.low.reputation.agents", tenant, "Agents below the low-reputation mark",
                    () -> reputations.values().stream().filter(r -> r.reputation() < lowReputation).count());
            gauge("consensus.network.flagged.agents", tenant, "Agents quarantined as Byzantine", this::flagged);
            gauge("consensus.network.flagged.share", tenant, "Share of the tenant's agents quarantined as Byzantine",
                    () -> reputations.isEmpty() ? 0.0 : (double) flagged() / reputations.size());
            for (int band = 0; band < BANDS; band++) {
                int b = band;
                Gauge.builder("consensus.network.reputation.band.agents", () -> inBand(b))
                        .description("Agents whose reputation is in the band [lower, lower + 0.1)")
                        .tag("tenant", tenant).tag("band", bandLabel(band)).register(registry);
            }
        }

        private void gauge(String name, String tenant, String description, java.util.function.Supplier<Number> value) {
            Gauge.builder(name, value).description(description).tag("tenant", tenant).register(registry);
        }

        double averageReputation() {
            return reputations.values().stream().mapToDouble(Standing::reputation).average().orElse(Double.NaN);
        }

        long flagged() {
            return reputations.values().stream().filter(Standing::flagged).count();
        }

        long inBand(int band) {
            return reputations.values().stream().filter(r -> bandOf(r.reputation()) == band).count();
        }
    }

    public NetworkObserver(MeterRegistry registry, TenantTags tenants, double lowReputation) {
        this.registry = registry;
        this.tenants = tenants;
        this.lowReputation = lowReputation;
    }

    static int bandOf(double reputation) {
        return Math.max(0, Math.min(BANDS - 1, (int) Math.floor(reputation * BANDS)));
    }

    static String bandLabel(int band) {
        return String.format(Locale.ROOT, "%.1f", band / (double) BANDS);
    }

    private TenantView view(String tenant) {
        return byTenant.computeIfAbsent(tenants.of(tenant), TenantView::new);
    }

    public OutputObserver.Handler<Reputation> reputations() {
        return (reputation, observedAtMs, backlog) -> {
            TenantView view = view(reputation.getTenant());
            // Tenants folded into "_other" share a view: the agent key keeps their agents apart.
            Standing before = view.reputations.put(reputation.getTenant() + '/' + reputation.getAgentId(),
                    new Standing(reputation.getReputation(), reputation.getFlagged()));
            boolean wasFlagged = before != null && before.flagged();
            if (!backlog && reputation.getFlagged() && !wasFlagged) {
                view.detected.increment();
            }
            if (!backlog && wasFlagged && !reputation.getFlagged() && QuarantineReasons.REINSTATED.equals(reputation.getCause())) {
                view.reinstated.increment();
            }
        };
    }

    public OutputObserver.Handler<AgentRegistration> registrations() {
        return (registration, observedAtMs, backlog) ->
                view(registration.getTenant()).active.put(registration.getTenant() + '/' + registration.getAgentId(), registration.getActive());
    }
}
