package io.synod.coordinator;

import io.synod.keys.Keys;
import io.synod.schemas.AgentRegistration;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Who may vote in a round, fixed when it opens: the proposal's participants that are active
 * members, or every active member of the tenant when the proposal names none. Sorted, so that
 * rounds and decisions are deterministic.
 */
final class Eligibility {
    private final KeyValueStore<String, AgentRegistration> registry;

    Eligibility(KeyValueStore<String, AgentRegistration> registry) {
        this.registry = registry;
    }

    List<String> of(String tenant, List<String> participants) {
        TreeSet<String> eligible = new TreeSet<>();
        if (participants != null) {
            for (String agent : participants) {
                AgentRegistration registration = registry.get(Keys.of(tenant, agent));
                if (registration != null && registration.getActive()) {
                    eligible.add(agent);
                }
            }
        } else {
            try (KeyValueIterator<String, AgentRegistration> it = registry.prefixScan(Keys.tenantPrefix(tenant), new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, AgentRegistration> next = it.next();
                    if (next.value.getActive()) {
                        eligible.add(next.value.getAgentId());
                    }
                }
            }
        }
        return List.copyOf(eligible);
    }
}
