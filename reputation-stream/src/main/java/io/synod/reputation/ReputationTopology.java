package io.synod.reputation;

import io.synod.schemas.Decision;
import io.synod.schemas.Outcome;
import io.synod.schemas.Rejection;
import io.synod.schemas.Reputation;
import io.synod.schemas.ReputationReset;
import io.synod.schemas.internal.HealthDelta;
import io.synod.schemas.internal.PeerEvidence;
import io.synod.schemas.internal.ReputationSignal;
import io.synod.streams.StoreKinds;
import io.synod.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * decisions + outcomes -> per-agent signals, re-partitioned by tenant/agent -> reputation in a
 * persistent store, published to the compacted agent.reputation topic that the coordinator and
 * detector read as a global store.
 */
public final class ReputationTopology {

    private ReputationTopology() {
    }

    /** Outcomes waiting for their proposals' decisions (replay counts what is left at the end). */
    public static final String PENDING_OUTCOMES_STORE = OutcomeRelease.PENDING_STORE;
    public static final String DECIDED_EXPIRY_STORE = OutcomeRelease.EXPIRY_STORE;

    /**
     * The topology's processors and their stores, shared by {@link #build} and by in-process drivers
     * (replay): outcomes wait for their decisions, evidence (keyed by proposal) is re-keyed by agent
     * and fed to the updater, decisions re-keyed by tenant feed the group check.
     */
    public record Parts(ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> release,
                        ProcessorSupplier<String, SpecificRecord, String, ReputationSignal> evidence, List<StoreBuilder<?>> evidenceStores,
                        ProcessorSupplier<String, Decision, String, ReputationSignal> groups, List<StoreBuilder<?>> groupStores,
                        ProcessorSupplier<String, ReputationSignal, String, Reputation> updater, List<StoreBuilder<?>> updaterStores) {
    }

    public static Parts parts(Topics topics, ReputationPolicy policy, CollusionCheck collusion, GroupCollusion groups, Retention retention,
                              StoreKinds stores) {
        return new Parts(() -> new OutcomeRelease(retention), EvidenceCollector::new,
                List.of(stores.keyValue(EvidenceCollector.DECIDED_STORE, Serdes.String(), topics.serde(Decision.class)),
                        stores.keyValue(OutcomeRelease.PENDING_STORE, Serdes.String(), topics.serde(Outcome.class)),
                        stores.keyValue(OutcomeRelease.EXPIRY_STORE, Serdes.String(), Serdes.String())),
                () -> new GroupCollusionCollector(groups),
                List.of(stores.keyValueCached(GroupCollusionCollector.PAIRS_STORE, Serdes.String(), PairTriples.serde()),
                        stores.keyValueCached(GroupCollusionCollector.TENANTS_STORE, Serdes.String(), TenantGroups.serde())),
                () -> new ReputationUpdater(policy, collusion),
                List.of(stores.keyValueCached(ReputationUpdater.STORE, Serdes.String(), topics.reputation.valueSerde()),
                        stores.keyValueCached(ReputationUpdater.PEERS_STORE, Serdes.String(), topics.serde(PeerEvidence.class))));
    }

    public static Topology build(Topics topics, ReputationPolicy policy, CollusionCheck collusion, StoreKinds stores) {
        return build(topics, policy, collusion, new HealthSettings(0.3, 10), stores);
    }

    public static Topology build(Topics topics, ReputationPolicy policy, CollusionCheck collusion, HealthSettings health, StoreKinds stores) {
        io.synod.config.SynodConfig defaults = io.synod.config.SynodConfig.defaults();
        return build(topics, policy, collusion, GroupCollusion.from(defaults), health, Retention.from(defaults), stores);
    }

    /**
     * How long, in event time, an outcome waits for its proposal's decision before it is rejected, and
     * how long a decision is kept for outcomes about it after it was made (0: for ever).
     */
    public record Retention(long outcomeWaitMs, long decidedMs) {
        public Retention {
            if (outcomeWaitMs <= 0 || decidedMs < 0) {
                throw new IllegalArgumentException("reputation.outcome.wait.ms must be positive and consensus.ended.retention.ms not negative");
            }
        }

        public static Retention from(io.synod.config.SynodConfig config) {
            return new Retention(config.getLong("reputation.outcome.wait.ms"), config.endedRetentionMs());
        }
    }

    /** The network-health guard: alert when more than {@code flaggedShare} of at least {@code minAgents} agents are quarantined. */
    public record HealthSettings(double flaggedShare, long minAgents) {
        public static HealthSettings from(io.synod.config.SynodConfig config) {
            return new HealthSettings(config.getDouble("detector.health.flagged.share"), config.getLong("detector.health.min.agents"));
        }
    }

    /** An embedding-based quality observation from the detector's side path, as a signal about its agent. */
    public static ReputationSignal qualitySignal(io.synod.schemas.JustificationQuality quality) {
        return ReputationSignal.newBuilder().setTenant(quality.getTenant()).setAgentId(quality.getAgentId()).setKind("quality")
                .setProposalId(quality.getProposalId()).setQuality(quality).setAtMs(quality.getAtMs()).build();
    }

    static ReputationSignal resetSignal(ReputationReset reset) {
        return ReputationSignal.newBuilder().setTenant(reset.getTenant()).setAgentId(reset.getAgentId()).setKind("reset")
                .setValue(reset.getTo()).setReason("reset by " + reset.getOperator()).setAtMs(reset.getRequestedAtMs()).build();
    }

    /** Inputs from outside Synod pass the {@link InputScreen}; what it refuses goes to consensus.rejected with its reason. */
    private static KStream<String, SpecificRecord> screened(KStream<String, SpecificRecord> inputs, String name, Topics topics) {
        Map<String, KStream<String, SpecificRecord>> branches = inputs
                .process(InputScreen::new, Named.as(name + "-screen"))
                .split(Named.as(name + "-"))
                .branch((key, value) -> value instanceof Rejection, Branched.as("refused"))
                .defaultBranch(Branched.as("accepted"));
        branches.get(name + "-refused").mapValues(value -> (Rejection) value, Named.as(name + "-as-rejections"))
                .to(topics.rejected.name(), topics.rejected.produced(name + "-rejections-sink"));
        return branches.get(name + "-accepted");
    }

    public static Topology build(Topics topics, ReputationPolicy policy, CollusionCheck collusion, GroupCollusion groups, HealthSettings health,
                                 Retention retention, StoreKinds stores) {
        Parts parts = parts(topics, policy, collusion, groups, retention, stores);
        StreamsBuilder builder = new StreamsBuilder();
        parts.evidenceStores().forEach(builder::addStateStore);
        parts.groupStores().forEach(builder::addStateStore);
        parts.updaterStores().forEach(builder::addStateStore);

        KStream<String, Decision> decided = builder.stream(topics.decisions.name(), topics.decisions.consumed("reputation-decisions-source"));
        KStream<String, SpecificRecord> decisions = decided
                .mapValues(value -> (SpecificRecord) value, Named.as("reputation-decisions-as-evidence"));
        KStream<String, SpecificRecord> outcomes = screened(builder.stream(topics.outcomes.name(), topics.outcomes.consumed("reputation-outcomes-source"))
                .mapValues(value -> (SpecificRecord) value, Named.as("reputation-outcomes-as-evidence")), "reputation-outcomes", topics);

        builder.addStateStore(stores.keyValue(HealthDeltas.STORE, Serdes.String(), Serdes.Boolean()));
        builder.addStateStore(stores.keyValue(NetworkHealthGuard.STORE, Serdes.String(), topics.alerts.valueSerde()));

        // Operator resets are keyed by tenant/agent already, so they join the signals after the repartition.
        KStream<String, ReputationSignal> resets = screened(builder.stream(topics.resets.name(), topics.resets.consumed("reputation-resets-source"))
                .mapValues(value -> (SpecificRecord) value, Named.as("reputation-resets-as-inputs")), "reputation-resets", topics)
                .mapValues(value -> resetSignal((ReputationReset) value), Named.as("reputation-resets-as-signals"));
        // Quality observations are keyed by tenant/agent as well (the detector's embedding side path).
        KStream<String, ReputationSignal> quality = builder.stream(topics.justificationQuality.name(),
                        topics.justificationQuality.consumed("reputation-justification-quality-source"))
                .mapValues(ReputationTopology::qualitySignal, Named.as("reputation-quality-as-signals"));
        // Group evidence spans a tenant's proposals: decisions re-keyed by tenant, flags keyed by tenant/agent.
        KStream<String, ReputationSignal> groupFlags = decided
                .selectKey((key, decision) -> decision.getTenant(), Named.as("reputation-decisions-by-tenant-key"))
                .repartition(Repartitioned.<String, Decision>as("reputation-decisions-by-tenant")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(topics.decisions.valueSerde()))
                .process(parts.groups(), Named.as("reputation-group-collusion"), GroupCollusionCollector.PAIRS_STORE,
                        GroupCollusionCollector.TENANTS_STORE);
        // Outcomes wait for their decisions, which are kept for them; one without a decision is rejected.
        Map<String, KStream<String, SpecificRecord>> released = decisions.merge(outcomes, Named.as("reputation-evidence"))
                .process(parts.release(), Named.as("reputation-outcomes-after-decisions"), EvidenceCollector.DECIDED_STORE,
                        OutcomeRelease.PENDING_STORE, OutcomeRelease.EXPIRY_STORE)
                .split(Named.as("reputation-released-"))
                .branch((key, value) -> value instanceof Rejection, Branched.as("refused"))
                .defaultBranch(Branched.as("evidence"));
        released.get("reputation-released-refused").mapValues(value -> (Rejection) value, Named.as("reputation-released-as-rejections"))
                .to(topics.rejected.name(), topics.rejected.produced("reputation-released-rejections-sink"));
        KStream<String, Reputation> changes = released.get("reputation-released-evidence")
                .process(parts.evidence(), Named.as("reputation-evidence-collector"), EvidenceCollector.DECIDED_STORE)
                .merge(groupFlags, Named.as("reputation-signals-and-group-flags"))
                .repartition(Repartitioned.<String, ReputationSignal>as("reputation-signals-by-agent")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(topics.serde(ReputationSignal.class)))
                .merge(resets, Named.as("reputation-signals-and-resets"))
                .merge(quality, Named.as("reputation-signals-and-quality"))
                .process(parts.updater(), Named.as("reputation-updater"), ReputationUpdater.STORE, ReputationUpdater.PEERS_STORE);
        changes.to(topics.reputation.name(), topics.reputation.produced("reputation-sink"));
        changes.process(HealthDeltas::new, Named.as("reputation-health-deltas"), HealthDeltas.STORE)
                .repartition(Repartitioned.<String, HealthDelta>as("reputation-health-by-tenant")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(topics.serde(HealthDelta.class)))
                .process(() -> new NetworkHealthGuard(health.flaggedShare(), health.minAgents()), Named.as("reputation-network-health-guard"),
                        NetworkHealthGuard.STORE)
                .to(topics.alerts.name(), topics.alerts.produced("reputation-alerts-sink"));
        return builder.build();
    }
}
