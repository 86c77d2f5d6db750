package io.synod.app.runtime;

import io.synod.app.observability.DecisionObserver;
import io.synod.app.observability.NetworkObserver;
import io.synod.app.observability.Observability;
import io.synod.app.observability.OutputObserver;
import io.synod.app.observability.VoteObserver;
import io.synod.app.runtime.NodeApps.App;
import io.synod.config.SynodConfig;
import io.synod.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The metrics observers of the stream apps a node runs: each app's metrics come from what it
 * committed to its output topics (docs/decisions/0020). Built, not started.
 */
final class AppObservers {
    private AppObservers() {
    }

    static List<OutputObserver> of(SynodConfig config, NodeApps apps, Topics topics, Properties kafka, Observability observability) {
        String prefix = config.get("streams.application.id.prefix");
        var registry = observability.registry();
        var tenants = observability.tenants();
        List<OutputObserver> observers = new ArrayList<>();
        if (apps.runs(App.DETECTOR)) {
            VoteObserver votes = new VoteObserver(registry, tenants, config.getDouble("consensus.flag.suspicion"));
            observers.add(OutputObserver.events(kafka, prefix + "-detector-metrics", observability, App.DETECTOR.id())
                    .route(topics.votesScored, votes.scored()).route(topics.rejected, votes.rejected()));
        }
        if (apps.runs(App.COORDINATOR)) {
            observers.add(OutputObserver.events(kafka, prefix + "-coordinator-metrics", observability, App.COORDINATOR.id())
                    .route(topics.decisions, new DecisionObserver(registry, tenants)));
        }
        if (apps.runs(App.REPUTATION)) {
            NetworkObserver network = new NetworkObserver(registry, tenants, config.getDouble("metrics.low.reputation"));
            observers.add(OutputObserver.tables(kafka, prefix + "-reputation-metrics", observability, App.REPUTATION.id())
                    .route(topics.reputation, network.reputations()).route(topics.registry, network.registrations()));
        }
        return observers;
    }
}
