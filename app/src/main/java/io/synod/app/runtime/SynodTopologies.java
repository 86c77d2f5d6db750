package io.synod.app.runtime;

import io.synod.config.SynodConfig;
import io.synod.coordinator.CoordinatorConfig;
import io.synod.coordinator.CoordinatorTopology;
import io.synod.detector.DetectorTopology;
import io.synod.detector.quality.JustificationQualityTopology;
import io.synod.reputation.CollusionCheck;
import io.synod.reputation.GroupCollusion;
import io.synod.reputation.ReputationTopology;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.Topology;

/** The three production topologies, built once from configuration: used live and in replay alike. */
public final class SynodTopologies {
    public static final String DETECTOR = "detector";
    public static final String COORDINATOR = "coordinator";
    public static final String REPUTATION = "reputation";
    /** The detector's asynchronous embedding side path, when detector.embeddings.enabled. */
    public static final String QUALITY = "quality";

    private SynodTopologies() {
    }

    public static Map<String, Topology> build(SynodConfig config, Topics topics, StoreKinds stores) {
        Policies policies = Policies.from(config);
        Map<String, Topology> topologies = new LinkedHashMap<>();
        topologies.put(DETECTOR, DetectorTopology.build(topics, config, stores));
        topologies.put(COORDINATOR, CoordinatorTopology.build(topics, CoordinatorConfig.from(config), policies.model(), stores));
        topologies.put(REPUTATION, ReputationTopology.build(topics, policies.reputation(), CollusionCheck.from(config),
                GroupCollusion.from(config), ReputationTopology.HealthSettings.from(config), stores));
        if (config.getBoolean("detector.embeddings.enabled") && config.getBoolean("detector.quality.enabled")) {
            topologies.put(QUALITY, JustificationQualityTopology.build(topics, config, JustificationQualityTopology.defaultEncoder(config), stores));
        }
        return topologies;
    }
}
