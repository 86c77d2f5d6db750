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

/** The production topologies, built once from configuration: used live and in replay alike. */
public final class SynodTopologies {
    public static final String DETECTOR = "detector";
    public static final String COORDINATOR = "coordinator";
    public static final String REPUTATION = "reputation";
    /** The detector's asynchronous embedding side path, when detector.embeddings.enabled. */
    public static final String QUALITY = "quality";

    private SynodTopologies() {
    }

    /**
     * The stream apps this node runs: the detector and the coordinator as one application when the
     * node runs both and {@code streams.fused.vote.path} is on (decision 0046), else each on its own.
     */
    public static Map<String, Topology> forNode(SynodConfig config, Topics topics, StoreKinds stores, NodeApps apps) {
        Policies policies = Policies.from(config);
        Map<String, Topology> topologies = new LinkedHashMap<>();
        if (config.getBoolean("streams.fused.vote.path") && apps.runs(NodeApps.App.DETECTOR) && apps.runs(NodeApps.App.COORDINATOR)) {
            topologies.put(FusedVotePath.APP, FusedVotePath.build(topics,
                    DetectorTopology.parts(topics, config, stores, true, FusedVotePath.SCORED_VOTES),
                    CoordinatorTopology.parts(topics, CoordinatorConfig.from(config), policies.model(), stores),
                    CommitPacer.Settings.forVotePath(config)));
        } else {
            if (apps.runs(DETECTOR)) {
                topologies.put(DETECTOR, DetectorTopology.build(topics, config, stores));
            }
            if (apps.runs(COORDINATOR)) {
                topologies.put(COORDINATOR, coordinator(config, topics, stores, policies));
            }
        }
        if (apps.runs(REPUTATION)) {
            topologies.put(REPUTATION, reputation(config, topics, stores, policies));
        }
        if (apps.runs(QUALITY) && qualityEnabled(config)) {
            topologies.put(QUALITY, quality(config, topics, stores));
        }
        return topologies;
    }

    /** Each of the production topologies on its own, as replay's equivalence test chains them. */
    public static Map<String, Topology> build(SynodConfig config, Topics topics, StoreKinds stores) {
        Policies policies = Policies.from(config);
        Map<String, Topology> topologies = new LinkedHashMap<>();
        topologies.put(DETECTOR, DetectorTopology.build(topics, config, stores));
        topologies.put(COORDINATOR, coordinator(config, topics, stores, policies));
        topologies.put(REPUTATION, reputation(config, topics, stores, policies));
        if (qualityEnabled(config)) {
            topologies.put(QUALITY, quality(config, topics, stores));
        }
        return topologies;
    }

    private static Topology coordinator(SynodConfig config, Topics topics, StoreKinds stores, Policies policies) {
        return CoordinatorTopology.build(topics, CoordinatorConfig.from(config), policies.model(), stores);
    }

    private static Topology reputation(SynodConfig config, Topics topics, StoreKinds stores, Policies policies) {
        return ReputationTopology.build(topics, policies.reputation(), CollusionCheck.from(config), GroupCollusion.from(config),
                ReputationTopology.HealthSettings.from(config), ReputationTopology.Retention.from(config), stores);
    }

    private static boolean qualityEnabled(SynodConfig config) {
        return config.getBoolean("detector.embeddings.enabled") && config.getBoolean("detector.quality.enabled");
    }

    private static Topology quality(SynodConfig config, Topics topics, StoreKinds stores) {
        return JustificationQualityTopology.build(topics, config, JustificationQualityTopology.defaultEncoder(config), stores);
    }
}
