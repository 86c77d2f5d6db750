package io.synod.reputation;

import io.synod.schemas.NetworkHealth;
import io.synod.schemas.internal.HealthDelta;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by tenant: keeps the tenant's agent and quarantine counts and raises an alert (an event on
 * consensus.alerts; the node's metrics show the share as {@code consensus_network_flagged_share}) when more than the threshold of
 * the network is quarantined — more likely a broken detector or a captured reputation than that
 * many real attackers — and another event when the share falls back. Operators decide.
 */
final class NetworkHealthGuard implements Processor<String, HealthDelta, String, NetworkHealth> {
    static final String STORE = "reputation-network-health";

    private final double threshold;
    private final long minAgents;
    private ProcessorContext<String, NetworkHealth> context;
    private KeyValueStore<String, NetworkHealth> health;

    NetworkHealthGuard(double threshold, long minAgents) {
        this.threshold = threshold;
        this.minAgents = minAgents;
    }

    @Override
    public void init(ProcessorContext<String, NetworkHealth> context) {
        this.context = context;
        health = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, HealthDelta> record) {
        String tenant = record.key();
        NetworkHealth current = health.get(tenant);
        long agents = (current == null ? 0 : current.getAgents()) + record.value().getAgents();
        long flagged = Math.max(0, (current == null ? 0 : current.getFlagged()) + record.value().getFlagged());
        double flaggedShare = agents == 0 ? 0.0 : (double) flagged / agents;
        boolean alert = agents >= minAgents && flaggedShare > threshold;
        NetworkHealth next = NetworkHealth.newBuilder().setTenant(tenant).setAgents(agents).setFlagged(flagged)
                .setFlaggedShare(flaggedShare).setAlert(alert).setThreshold(threshold).setAtMs(record.value().getAtMs()).build();
        health.put(tenant, next);
        boolean wasAlert = current != null && current.getAlert();
        if (alert != wasAlert) {
            context.forward(new Record<>(tenant, next, record.timestamp()));
        }
    }
}
