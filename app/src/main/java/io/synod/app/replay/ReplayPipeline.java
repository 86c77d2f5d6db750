package io.synod.app.replay;

import io.synod.app.runtime.Policies;
import io.synod.config.SynodConfig;
import io.synod.coordinator.CoordinatorConfig;
import io.synod.coordinator.CoordinatorTopology;
import io.synod.detector.DetectorTopology;
import io.synod.events.RejectReason;
import io.synod.events.Rejections;
import io.synod.keys.Keys;
import io.synod.reputation.CollusionCheck;
import io.synod.reputation.GroupCollusion;
import io.synod.reputation.InputScreen;
import io.synod.reputation.ReputationTopology;
import io.synod.schemas.AgentRegistration;
import io.synod.detector.quality.JustificationQualityTopology;
import io.synod.schemas.Decision;
import io.synod.schemas.Outcome;
import io.synod.schemas.JustificationQuality;
import io.synod.schemas.internal.JustificationSample;
import io.synod.schemas.Rejection;
import io.synod.schemas.Reputation;
import io.synod.schemas.Vote;
import io.synod.schemas.internal.Admission;
import io.synod.schemas.internal.ProposalState;
import io.synod.schemas.internal.ReputationSignal;
import io.synod.streams.StoreKinds;
import io.synod.text.TextFingerprint;
import io.synod.topics.Topics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The production processors and stores of the three topologies, chained in process without a
 * broker: each topology's {@code parts()} — the very processor suppliers and store builders its
 * {@code build()} wires into the Topology — runs in a {@link ProcessorHarness}, and whatever one
 * forwards to a sink is handed to the processors that read that topic, topic by topic in order,
 * until nothing is in flight. Event time drives the wall clock, so rounds close exactly as live.
 * Serialization between topologies is skipped: it cannot change a record, and it was half the cost.
 */
public final class ReplayPipeline implements AutoCloseable {
    private static final long NO_LINE = -1;
    /** Two token lists per vote; the reader runs at most 8,704 lines ahead (EventReader), so this keeps every one it warmed. */
    private static final int TOKEN_MEMO_ENTRIES = 32_768;
    /** The coordinator's own stores that replay keeps decoded (decision 0051). */
    private static final Set<String> COORDINATOR_DECODED = Set.of(CoordinatorTopology.PROPOSALS_STORE,
            CoordinatorTopology.BALLOTS_STORE, CoordinatorTopology.DEADLINES_STORE);

    private final ProcessorHarness<String, SpecificRecord, String, SpecificRecord> detector;
    private final ProcessorHarness<String, SpecificRecord, String, SpecificRecord> coordinator;
    private final ProcessorHarness<String, SpecificRecord, String, SpecificRecord> tenantRekey;
    private final ProcessorHarness<String, Admission, String, SpecificRecord> quotaGate;
    private final ProcessorHarness<String, SpecificRecord, String, ReputationSignal> evidence;
    private final ProcessorHarness<String, SpecificRecord, String, SpecificRecord> release;
    private final ProcessorHarness<String, Decision, String, ReputationSignal> groups;
    private final ProcessorHarness<String, ReputationSignal, String, Reputation> updater;
    private final KeyValueStore<String, AgentRegistration> detectorRegistry;
    private final KeyValueStore<String, AgentRegistration> coordinatorRegistry;
    private final List<KeyValueStore<String, Reputation>> reputationStores;

    /** The embedding side path, run synchronously in input order when replay.embeddings.enabled; else null. */
    private final ProcessorHarness<String, SpecificRecord, String, JustificationSample> qualitySampler;
    private final ProcessorHarness<String, JustificationSample, String, JustificationQuality> qualityEmbedder;

    private final ArrayDeque<Record<String, SpecificRecord>> scored = new ArrayDeque<>();
    private final ArrayDeque<Record<String, SpecificRecord>> rounds = new ArrayDeque<>();
    private final ArrayDeque<Record<String, SpecificRecord>> decisions = new ArrayDeque<>();
    private final ArrayDeque<Record<String, Reputation>> reputations = new ArrayDeque<>();

    private final ReplayResults results = new ReplayResults();
    private RejectedInput.Log rejectionLog = RejectedInput.Log.NONE;
    /** The input line being processed and its event, to tell a refusal of that event from one of an earlier event. */
    private long currentLine = NO_LINE;
    private ReplayEvent currentEvent;
    /** The input line of each proposal's latest outcome, while rejections are logged: an outcome can be refused after its line. */
    private final Map<String, Long> outcomeLines = new HashMap<>();
    private long wallClockMs;
    /** When the coordinator last emitted a decision (System.nanoTime), for benchmarks timing single events. */
    private long lastDecisionNanos;

    public ReplayPipeline(SynodConfig config) {
        // Detector, copy check and reputation profile tokenize each justification; here they run on
        // one thread, and the reader thread tokenizes ahead of them (EventReader).
        TextFingerprint.memoize(TOKEN_MEMO_ENTRIES);
        Topics topics = Topics.local();
        Policies policies = Policies.from(config);
        StoreKinds stores = StoreKinds.IN_MEMORY;
        // The LLM judge never runs in replay (its answers are not reproducible); see decision 0012.
        DetectorTopology.Parts detectorParts = DetectorTopology.parts(topics, config, stores, false);
        CoordinatorTopology.Parts coordinatorParts = CoordinatorTopology.parts(topics, CoordinatorConfig.from(config), policies.model(), stores);
        ReputationTopology.Parts reputationParts = ReputationTopology.parts(topics, policies.reputation(), CollusionCheck.from(config),
                GroupCollusion.from(config), ReputationTopology.Retention.from(config), stores);

        // Agent registrations and reputations are only read by the detector and the coordinator, and
        // the reputation-stream never mutates what it stores: replay keeps all of them decoded.
        StateStore detectorRegistryStore = decoded(detectorParts.registry());
        StateStore detectorReputationStore = decoded(detectorParts.reputation());
        List<StateStore> coordinatorShared = new ArrayList<>(coordinatorParts.globalStores().stream().map(ReplayPipeline::decoded).toList());
        // The coordinator builds a new proposal state and ballot for every write and only mutates
        // ballots after taking them out of their store, so these three can stay decoded too.
        List<StoreBuilder<?>> coordinatorSerialized = keepDecoded(coordinatorParts.stores(), Set.of(), COORDINATOR_DECODED, coordinatorShared);
        // The detector's own stores hold strings, longs and round records it never changes (decoded
        // like the coordinator's; the judge's pending votes, never written in replay, stay serialized).
        List<StateStore> detectorShared = new ArrayList<>(List.of(detectorRegistryStore, detectorReputationStore));
        List<StoreBuilder<?>> detectorSerialized = keepDecoded(detectorParts.stores(), DetectorTopology.POINT_LOOKUP_STORES,
                DetectorTopology.PREFIX_SCANNED_STORES, detectorShared);
        detector = new ProcessorHarness<>("detector", detectorParts.screener(), detectorSerialized, detectorShared, 0L);
        coordinator = new ProcessorHarness<>("coordinator", coordinatorParts.consensus(), coordinatorSerialized, coordinatorShared, 0L);
        // The re-key and the gate read the same tenant limits, as they read one global store live.
        StateStore tenantQuotas = initGlobal(coordinatorParts.tenantQuotas());
        tenantRekey = new ProcessorHarness<>("coordinator", coordinatorParts.rekey(), List.of(), List.of(tenantQuotas), 0L);
        quotaGate = new ProcessorHarness<>("coordinator", coordinatorParts.gate(), coordinatorParts.gateStores(), List.of(tenantQuotas), 0L);
        // The decided proposals (kept for their outcomes) are looked up by key and never changed once
        // built; the outcomes that wait for them and the decisions' retention ends are scanned in order.
        Set<String> scanned = Set.of(ReputationTopology.PENDING_OUTCOMES_STORE, ReputationTopology.DECIDED_EXPIRY_STORE);
        List<StateStore> decided = reputationParts.evidenceStores().stream()
                .map(store -> scanned.contains(store.name()) ? decoded(store) : hashed(store)).toList();
        release = new ProcessorHarness<>("reputation", reputationParts.release(), List.of(), decided, 0L);
        evidence = new ProcessorHarness<>("reputation", reputationParts.evidence(), List.of(), decided, 0L);
        groups = new ProcessorHarness<>("reputation", reputationParts.groups(), List.of(),
                reputationParts.groupStores().stream().map(ReplayPipeline::hashed).toList(), 0L);
        updater = new ProcessorHarness<>("reputation", reputationParts.updater(), List.of(),
                reputationParts.updaterStores().stream().map(ReplayPipeline::decoded).toList(), 0L);
        if (embeddingsInReplay(config)) {
            JustificationQualityTopology.Parts quality = JustificationQualityTopology.parts(topics, config,
                    JustificationQualityTopology.defaultEncoder(config), stores, true);
            qualitySampler = new ProcessorHarness<>("quality", quality.sampler(), quality.samplerStores(), List.of(), 0L);
            qualityEmbedder = new ProcessorHarness<>("quality", quality.embedder(), quality.embedderStores(), List.of(), 0L);
        } else {
            qualitySampler = null;
            qualityEmbedder = null;
        }
        detectorRegistry = detector.store(DetectorTopology.REGISTRY_STORE);
        coordinatorRegistry = coordinator.store(CoordinatorTopology.REGISTRY_STORE);
        reputationStores = List.of(coordinator.store(CoordinatorTopology.REPUTATION_STORE), detector.store(DetectorTopology.REPUTATION_STORE));
    }

    /** Replay runs without sentence embeddings unless asked to (decision 0011): they cost ~10 ms a text. */
    static boolean embeddingsInReplay(SynodConfig config) {
        return config.getBoolean("replay.embeddings.enabled") && config.getBoolean("detector.embeddings.enabled")
                && config.getBoolean("detector.quality.enabled");
    }

    /** Global stores are filled from their compacted topic: last value per key, no changelog. */
    private static StateStore initGlobal(StoreBuilder<?> builder) {
        StateStore store = builder.build();
        store.init(ProcessorHarness.infoMetricsContext("global").getStateStoreContext(), store);
        return store;
    }

    /**
     * Adds to {@code decoded} the named stores as decoded stores (a {@link HashedStore} for those only
     * looked up by key, an ordered {@link DecodedStore} for the rest) and returns the builders of the
     * others, which stay serialized.
     */
    private static List<StoreBuilder<?>> keepDecoded(List<StoreBuilder<?>> builders, Collection<String> byKey,
                                                     Collection<String> ordered, List<StateStore> decoded) {
        List<StoreBuilder<?>> serialized = new ArrayList<>();
        for (StoreBuilder<?> builder : builders) {
            if (byKey.contains(builder.name())) {
                decoded.add(hashed(builder));
            } else if (ordered.contains(builder.name())) {
                decoded.add(decoded(builder));
            } else {
                serialized.add(builder);
            }
        }
        return serialized;
    }

    /** The store a builder names, holding its values decoded (see {@link DecodedStore} for when that is safe). */
    private static StateStore decoded(StoreBuilder<?> builder) {
        StateStore store = new DecodedStore<>(builder.name());
        store.init(null, store);
        return store;
    }

    /** The store a builder names as a {@link HashedStore}: decoded values, point lookups only. */
    private static StateStore hashed(StoreBuilder<?> builder) {
        StateStore store = new HashedStore<>(builder.name());
        store.init(null, store);
        return store;
    }

    public ReplayResults results() {
        return results;
    }

    long lastDecisionNanos() {
        return lastDecisionNanos;
    }

    /** Every rejection, as it is made, to {@code log} as well as into the counts. */
    public void logRejectionsTo(RejectedInput.Log log) {
        rejectionLog = Objects.requireNonNull(log);
    }

    void accept(ReplayEvent event) {
        accept(event, NO_LINE);
    }

    /** @param line the event's input line, for the rejection log */
    void accept(ReplayEvent event, long line) {
        if (!event.isValid()) {
            results.rejected(event.reason());
            rejectionLog.rejected(new RejectedInput(line == NO_LINE ? null : line, event.type(), event.reason(), event.detail(),
                    null, null, null, null, event.tsMs()));
            return;
        }
        // Rounds closing as event time moves on belong to no line.
        advanceTo(event.tsMs());
        currentLine = line;
        currentEvent = event;
        try {
            process(event);
        } finally {
            currentLine = NO_LINE;
            currentEvent = null;
        }
        if (line != NO_LINE && rejectionLog != RejectedInput.Log.NONE && event.value() instanceof Outcome) {
            outcomeLines.put(event.key(), line);
        }
    }

    private void process(ReplayEvent event) {
        Record<String, SpecificRecord> record = new Record<>(event.key(), event.value(), event.tsMs());
        switch (event.type()) {
            case "agent" -> {
                AgentRegistration registration = (AgentRegistration) event.value();
                results.registered(event.key(), registration);
                detectorRegistry.put(event.key(), registration);
                coordinatorRegistry.put(event.key(), registration);
            }
            case "proposal" -> admit(record);
            case "arbitration" -> fromCoordinator(coordinator.process(record));
            case "vote" -> fromDetector(detector.process(record));
            case "outcome" -> {
                // The reputation topology's front door, as live: a refused outcome is a rejection, not evidence.
                Rejection refused = InputScreen.problem(event.key(), event.value(), event.tsMs());
                if (refused == null) {
                    toReputation(record);
                } else {
                    rejected(refused);
                }
            }
            default -> throw new IllegalStateException("unroutable event type " + event.type());
        }
        drain();
    }

    /** End of input: every open round closes, earliest deadline first, as if its deadline had passed. */
    void finish() {
        KeyValueStore<String, ProposalState> proposals = coordinator.store(CoordinatorTopology.PROPOSALS_STORE);
        KeyValueStore<String, String> deadlines = coordinator.store(CoordinatorTopology.DEADLINES_STORE);
        while (true) {
            Long nextRoundDue = nextOpenRoundDue(proposals, deadlines);
            if (nextRoundDue == null) {
                break;
            }
            // The coordinator closes due rounds on its wall-clock punctuation, as live: the first one at or
            // after the deadline (advancing only to the deadline left a round off that grid open forever).
            long punctuation = coordinator.nextScheduledMs();
            advanceTo(punctuation == Long.MAX_VALUE ? nextRoundDue + 1 : Math.max(nextRoundDue + 1, punctuation));
        }
        rejectWaitingOutcomes(release.store(ReputationTopology.PENDING_OUTCOMES_STORE), wallClockMs, this::rejected);
    }

    /**
     * After every round has closed, an outcome still waiting will get no decision: counted as
     * {@code no_decision} (live, it is rejected once reputation.outcome.wait.ms has passed).
     */
    static void rejectWaitingOutcomes(KeyValueStore<String, Outcome> waiting, long atMs, Consumer<Rejection> rejected) {
        try (KeyValueIterator<String, Outcome> left = waiting.all()) {
            while (left.hasNext()) {
                Outcome outcome = left.next().value;
                rejected.accept(Rejections.of("outcome", outcome.getTenant(), outcome.getProposalId(), null, RejectReason.NO_DECISION,
                        "the input ended before proposal " + outcome.getProposalId() + " was decided", atMs));
            }
        }
    }

    /** The earliest deadline of a round that is still open, or null when none is. */
    static Long nextOpenRoundDue(KeyValueStore<String, ProposalState> proposals, KeyValueStore<String, String> deadlines) {
        try (KeyValueIterator<String, String> it = deadlines.all()) {
            while (it.hasNext()) {
                KeyValue<String, String> entry = it.next();
                ProposalState state = proposals.get(entry.value);
                if (state != null && "open".equals(state.getStatus())) {
                    return Long.parseUnsignedLong(entry.key.substring(0, 16), 16);
                }
            }
        }
        return null;
    }

    private void advanceTo(long tsMs) {
        if (tsMs > wallClockMs) {
            wallClockMs = tsMs;
            fromCoordinator(coordinator.advanceWallClockTo(tsMs));
            drain();
        }
    }

    private void drain() {
        while (!scored.isEmpty() || !rounds.isEmpty() || !decisions.isEmpty() || !reputations.isEmpty()) {
            while (!scored.isEmpty()) {
                Record<String, SpecificRecord> vote = scored.poll();
                fromCoordinator(coordinator.process(vote));
                toQuality(vote);
            }
            while (!rounds.isEmpty()) {
                Record<String, SpecificRecord> round = rounds.poll();
                fromDetector(detector.process(round));
                toQuality(round);
            }
            while (!decisions.isEmpty()) {
                Record<String, SpecificRecord> decision = decisions.poll();
                results.decided(decision.key(), (Decision) decision.value());
                admit(decision);
                fromDetector(detector.process(decision));
                toQuality(decision);
                toReputation(decision);
            }
            while (!reputations.isEmpty()) {
                Record<String, Reputation> reputation = reputations.poll();
                results.reputation(reputation.key(), reputation.value());
                for (KeyValueStore<String, Reputation> store : reputationStores) {
                    store.put(reputation.key(), reputation.value());
                }
            }
        }
    }

    /**
     * A proposal (or an ending) is re-keyed by tenant and passes the quota gate before the
     * coordinator sees it, as the admission topics deliver it live; a proposal of a tenant without
     * a limit goes from the re-key straight to the coordinator, the gate only counting it.
     */
    private void admit(Record<String, SpecificRecord> record) {
        for (CapturedForward<? extends String, ? extends SpecificRecord> routed : tenantRekey.process(record)) {
            String to = routed.childName().orElse("");
            if (to.equals(CoordinatorTopology.Parts.ADMISSIONS_SINK)) {
                Record<String, Admission> rekeyed = new Record<>(routed.record().key(), (Admission) routed.record().value(),
                        routed.record().timestamp());
                fromGate(quotaGate.process(rekeyed));
            } else if (to.equals(CoordinatorTopology.Parts.REKEY_TO_PROTOCOL)) {
                fromCoordinator(coordinator.process(copy(routed)));
            } else if (to.equals(CoordinatorTopology.Parts.REKEY_REJECTED_SINK)) {
                rejected((Rejection) routed.record().value());
            }
        }
    }

    private void fromGate(List<CapturedForward<? extends String, ? extends SpecificRecord>> forwarded) {
        for (CapturedForward<? extends String, ? extends SpecificRecord> out : forwarded) {
            String sink = out.childName().orElse("");
            if (sink.equals(CoordinatorTopology.Parts.ADMITTED_SINK)) {
                fromCoordinator(coordinator.process(copy(out)));
            } else if (sink.equals(CoordinatorTopology.Parts.GATE_REJECTED_SINK)) {
                rejected((Rejection) out.record().value());
            }
        }
    }

    private void fromDetector(List<CapturedForward<? extends String, ? extends SpecificRecord>> forwarded) {
        for (CapturedForward<? extends String, ? extends SpecificRecord> out : forwarded) {
            String sink = out.childName().orElse("");
            if (sink.equals(DetectorTopology.Parts.SCORED_SINK)) {
                scored.add(copy(out));
            } else if (sink.equals(DetectorTopology.Parts.REJECTED_SINK)) {
                rejected((Rejection) out.record().value());
            }
        }
    }

    private void fromCoordinator(List<CapturedForward<? extends String, ? extends SpecificRecord>> forwarded) {
        for (CapturedForward<? extends String, ? extends SpecificRecord> out : forwarded) {
            String sink = out.childName().orElse("");
            if (sink.equals(CoordinatorTopology.Parts.ROUNDS_SINK)) {
                rounds.add(copy(out));
            } else if (sink.equals(CoordinatorTopology.Parts.DECISIONS_SINK)) {
                decisions.add(copy(out));
                lastDecisionNanos = System.nanoTime();
            } else if (sink.equals(CoordinatorTopology.Parts.REJECTED_SINK)) {
                rejected((Rejection) out.record().value());
            }
        }
    }

    /**
     * Evidence is keyed by proposal; its signals are re-keyed by agent and applied in order, as the
     * repartition topic delivers them. A decision then reaches the group check (re-keyed by tenant),
     * whose flags follow the evidence's signals, as they do live.
     */
    private void toReputation(Record<String, SpecificRecord> record) {
        for (CapturedForward<? extends String, ? extends SpecificRecord> released : release.process(record)) {
            if (released.record().value() instanceof Rejection refused) {
                rejected(refused);
                continue;
            }
            Record<String, SpecificRecord> evidenceRecord = new Record<>(released.record().key(), released.record().value(),
                    released.record().timestamp(), released.record().headers());
            for (CapturedForward<? extends String, ? extends ReputationSignal> signal : evidence.process(evidenceRecord)) {
                toUpdater(signal);
            }
        }
        if (record.value() instanceof Decision decision) {
            for (CapturedForward<? extends String, ? extends ReputationSignal> flag
                    : groups.process(new Record<>(decision.getTenant(), decision, record.timestamp()))) {
                toUpdater(flag);
            }
        }
    }

    private void toUpdater(CapturedForward<? extends String, ? extends ReputationSignal> signal) {
        Record<String, ReputationSignal> rekeyed = new Record<>(signal.record().key(), signal.record().value(), signal.record().timestamp());
        for (CapturedForward<? extends String, ? extends Reputation> out : updater.process(rekeyed)) {
            reputations.add(new Record<>(out.record().key(), out.record().value(), out.record().timestamp()));
        }
    }

    /** The side path in order: samples re-keyed by agent, embedded at once, their quality applied to the agent's reputation. */
    private void toQuality(Record<String, SpecificRecord> record) {
        if (qualitySampler == null) {
            return;
        }
        for (CapturedForward<? extends String, ? extends JustificationSample> sample : qualitySampler.process(record)) {
            Record<String, JustificationSample> byAgent = new Record<>(sample.record().key(), sample.record().value(), sample.record().timestamp());
            for (CapturedForward<? extends String, ? extends JustificationQuality> quality : qualityEmbedder.process(byAgent)) {
                ReputationSignal signal = ReputationTopology.qualitySignal(quality.record().value());
                for (CapturedForward<? extends String, ? extends Reputation> out
                        : updater.process(new Record<>(quality.record().key(), signal, quality.record().timestamp()))) {
                    reputations.add(new Record<>(out.record().key(), out.record().value(), out.record().timestamp()));
                }
            }
        }
    }

    private void rejected(Rejection rejection) {
        results.rejected(rejection.getReason());
        rejectionLog.rejected(new RejectedInput(lineOf(rejection), rejection.getSource(), rejection.getReason(), rejection.getDetail(),
                rejection.getTenant(), rejection.getProposalId(), rejection.getAgentId(), rejection.getEventId(), rejection.getRejectedAtMs()));
    }

    /**
     * The input line of the refused event: the current one when the rejection is of the event on it
     * (same kind, same proposal, for a vote the same event id); an outcome refused later (replaced by
     * a later one, or left without a decision) is its proposal's latest outcome seen before now.
     */
    private Long lineOf(Rejection rejection) {
        String key = rejection.getProposalId() == null ? null : Keys.of(rejection.getTenant(), rejection.getProposalId());
        ReplayEvent event = currentEvent;
        boolean current = event != null && key != null && event.type().equals(rejection.getSource()) && event.key().equals(key)
                && (!(event.value() instanceof Vote vote) || vote.getEventId().equals(rejection.getEventId()))
                && !(event.value() instanceof Outcome && RejectReason.DUPLICATE.code().equals(rejection.getReason()));
        if (current) {
            return currentLine == NO_LINE ? null : currentLine;
        }
        return "outcome".equals(rejection.getSource()) && key != null ? outcomeLines.get(key) : null;
    }

    private static Record<String, SpecificRecord> copy(CapturedForward<? extends String, ? extends SpecificRecord> out) {
        return new Record<>(out.record().key(), out.record().value(), out.record().timestamp());
    }

    @Override
    public void close() {
        // In-memory stores hold nothing outside the heap.
    }

    /** What a replay produced: decisions in order, rejections by reason, final reputations. */
    public static final class ReplayResults {
        private final List<Decision> finals = new ArrayList<>();
        private final Map<String, Decision> awaitingArbitration = new LinkedHashMap<>();
        private final Map<String, Long> rejections = new TreeMap<>();
        private final Map<String, Reputation> reputations = new TreeMap<>();
        private final Map<String, AgentRegistration> agents = new TreeMap<>();

        void decided(String key, Decision decision) {
            if ("escalated".equals(decision.getStatus())) {
                awaitingArbitration.put(key, decision);
            } else {
                awaitingArbitration.remove(key);
                finals.add(decision);
            }
        }

        void rejected(String reason) {
            rejections.merge(reason, 1L, Long::sum);
        }

        void reputation(String key, Reputation value) {
            reputations.put(key, value);
        }

        void registered(String key, AgentRegistration registration) {
            agents.put(key, registration);
        }

        /** Final decisions in decision order, then those still waiting for arbitration. */
        public List<Decision> decisions() {
            List<Decision> all = new ArrayList<>(finals);
            all.addAll(awaitingArbitration.values());
            return all;
        }

        /** Final decisions so far, without copying them. */
        public int finalCount() {
            return finals.size();
        }

        public Map<String, Long> rejections() {
            return rejections;
        }

        public Map<String, Reputation> reputations() {
            return reputations;
        }

        public Map<String, AgentRegistration> agents() {
            return agents;
        }
    }
}
