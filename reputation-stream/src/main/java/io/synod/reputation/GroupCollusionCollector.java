package io.synod.reputation;

import io.synod.events.DecisionStatuses;
import io.synod.keys.Keys;
import io.synod.schemas.Decision;
import io.synod.schemas.internal.ReputationSignal;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by tenant (group evidence spans all of a tenant's proposals): feeds every final decision to
 * the {@link GroupCollusion} check, whose triples it keeps by their first two members
 * ({@link PairTriples}), and turns each agent it finds into a collusion flag, keyed by
 * tenant/agent like the other signals. Decisions are few next to votes, so one task per tenant
 * carries this.
 */
final class GroupCollusionCollector implements Processor<String, Decision, String, ReputationSignal> {
    static final String PAIRS_STORE = "reputation-group-pairs";
    static final String TENANTS_STORE = "reputation-group-tenants";

    private final GroupCollusion check;
    private ProcessorContext<String, ReputationSignal> context;
    private KeyValueStore<String, PairTriples> pairs;
    private KeyValueStore<String, TenantGroups> tenants;

    GroupCollusionCollector(GroupCollusion check) {
        this.check = check;
    }

    @Override
    public void init(ProcessorContext<String, ReputationSignal> context) {
        this.context = context;
        pairs = context.getStateStore(PAIRS_STORE);
        tenants = context.getStateStore(TENANTS_STORE);
    }

    @Override
    public void process(Record<String, Decision> record) {
        Decision decision = record.value();
        if (decision == null || !DecisionStatuses.REACHED.contains(decision.getStatus())) {
            return;
        }
        String tenant = decision.getTenant();
        String prefix = Keys.tenantPrefix(tenant);
        GroupCollusion.Evidence evidence = new GroupCollusion.Evidence() {
            // A changed pair is written right after it is read: its key (and the key's hash) built once.
            // The check reads a first member's pairs one after another, so the key's head is kept too.
            private String first;
            private String second;
            private String head;
            private String key;

            private String key(String first, String second) {
                if (!first.equals(this.first)) {
                    this.first = first;
                    this.second = null;
                    head = GroupCollusion.pairKeyHead(prefix, first);
                }
                if (!second.equals(this.second)) {
                    this.second = second;
                    key = head.concat(second);
                }
                return key;
            }

            @Override
            public PairTriples pair(String first, String second) {
                return pairs.get(key(first, second));
            }

            @Override
            public void pair(String first, String second, PairTriples triples) {
                pairs.put(key(first, second), triples);
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
        for (String agent : check.onDecision(decision, evidence)) {
            ReputationSignal flag = ReputationSignal.newBuilder().setTenant(tenant).setAgentId(agent).setKind("flag")
                    .setReason(GroupCollusion.REASON).setProposalId(decision.getProposalId()).setAtMs(decision.getDecidedAtMs()).build();
            context.forward(new Record<>(Keys.of(tenant, agent), flag, record.timestamp(), record.headers()));
        }
    }
}
