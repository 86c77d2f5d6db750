package io.synod.reputation;

import io.synod.keys.Keys;
import io.synod.schemas.Decision;
import io.synod.schemas.Outcome;
import io.synod.schemas.internal.ReputationSignal;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by tenant (group evidence spans all of a tenant's proposals): feeds every final decision to
 * the {@link GroupCollusion} check, and every ground-truth outcome of a decided proposal, with that
 * decision's ballots, to the {@link OutcomeCollusion} check, and turns each agent they find into a
 * collusion flag, keyed by tenant/agent like the other signals.
 * A decision waits in {@link #DECIDED_STORE} for its outcome; an outcome that overtakes its
 * decision (they arrive by different repartition topics) waits in {@link #TRUTHS_STORE} and is
 * applied when the decision comes. Decisions are few next to votes, so one task per tenant carries
 * this.
 */
final class GroupCollusionCollector implements Processor<String, SpecificRecord, String, ReputationSignal> {
    static final String TRIPLES_STORE = "reputation-group-triples";
    static final String TENANTS_STORE = "reputation-group-tenants";
    static final String DECIDED_STORE = "reputation-group-decided";
    static final String TRUTHS_STORE = "reputation-group-truths";
    static final String PAIRS_STORE = "reputation-group-outcome-pairs";
    static final String PAIR_TENANTS_STORE = "reputation-group-outcome-tenants";
    private static final Set<String> DECIDED = Set.of("achieved", "fallback", "arbitrated");

    private final GroupCollusion check;
    private final OutcomeCollusion outcomes;
    private ProcessorContext<String, ReputationSignal> context;
    private KeyValueStore<String, TripleStats> triples;
    private KeyValueStore<String, TenantGroups> tenants;
    private KeyValueStore<String, Decision> decided;
    private KeyValueStore<String, String> truths;
    private KeyValueStore<String, PairStats> pairs;
    private KeyValueStore<String, TenantGroups> pairTenants;

    GroupCollusionCollector(GroupCollusion check, OutcomeCollusion outcomes) {
        this.check = check;
        this.outcomes = outcomes;
    }

    @Override
    public void init(ProcessorContext<String, ReputationSignal> context) {
        this.context = context;
        triples = context.getStateStore(TRIPLES_STORE);
        tenants = context.getStateStore(TENANTS_STORE);
        decided = context.getStateStore(DECIDED_STORE);
        truths = context.getStateStore(TRUTHS_STORE);
        pairs = context.getStateStore(PAIRS_STORE);
        pairTenants = context.getStateStore(PAIR_TENANTS_STORE);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof Decision decision) {
            onDecision(record, decision);
        } else if (record.value() instanceof Outcome outcome) {
            onOutcome(record, outcome);
        }
    }

    private void onDecision(Record<String, SpecificRecord> record, Decision decision) {
        if (!DECIDED.contains(decision.getStatus()) || decision.getDecision() == null) {
            return;
        }
        String key = Keys.of(decision.getTenant(), decision.getProposalId());
        flag(record, decision, check.onDecision(decision, evidence(decision.getTenant())), "group_collusion");
        String truth = truths.get(key);
        if (truth == null) {
            decided.put(key, decision);
        } else {
            truths.delete(key);
            onTruth(record, decision, truth);
        }
    }

    private void onOutcome(Record<String, SpecificRecord> record, Outcome outcome) {
        String key = Keys.of(outcome.getTenant(), outcome.getProposalId());
        Decision decision = decided.get(key);
        if (decision == null) {
            truths.put(key, outcome.getTruth());
            return;
        }
        // One outcome per proposal is used: the evidence is re-counted once.
        decided.delete(key);
        onTruth(record, decision, outcome.getTruth());
    }

    private void onTruth(Record<String, SpecificRecord> record, Decision decision, String truth) {
        flag(record, decision, outcomes.onOutcome(decision, truth, pairEvidence(decision.getTenant())), "outcome_collusion");
    }

    private void flag(Record<String, SpecificRecord> record, Decision decision, List<String> agents, String reason) {
        for (String agent : agents) {
            ReputationSignal flag = ReputationSignal.newBuilder().setTenant(decision.getTenant()).setAgentId(agent).setKind("flag")
                    .setReason(reason).setProposalId(decision.getProposalId()).setAtMs(decision.getDecidedAtMs()).build();
            context.forward(new Record<>(Keys.of(decision.getTenant(), agent), flag, record.timestamp(), record.headers()));
        }
    }

    private OutcomeCollusion.Evidence pairEvidence(String tenant) {
        String prefix = Keys.tenantPrefix(tenant);
        return new OutcomeCollusion.Evidence() {
            @Override
            public PairStats pair(String key) {
                return pairs.get(prefix + key);
            }

            @Override
            public void pair(String key, PairStats stats) {
                pairs.put(prefix + key, stats);
            }

            @Override
            public TenantGroups groups() {
                TenantGroups groups = pairTenants.get(tenant);
                return groups == null ? TenantGroups.EMPTY : groups;
            }

            @Override
            public void groups(TenantGroups groups) {
                pairTenants.put(tenant, groups);
            }
        };
    }

    private GroupCollusion.Evidence evidence(String tenant) {
        String prefix = Keys.tenantPrefix(tenant);
        return new GroupCollusion.Evidence() {
            @Override
            public TripleStats triple(String key) {
                return triples.get(prefix + key);
            }

            @Override
            public void triple(String key, TripleStats stats) {
                triples.put(prefix + key, stats);
            }

            @Override
            public TenantGroups groups() {
                TenantGroups groups = tenants.get(tenant);
                return groups == null ? TenantGroups.EMPTY : groups;
            }

            @Override
            public void groups(TenantGroups groups) {
                tenants.put(tenant, groups);
            }
        };
    }
}
