package io.synod.coordinator;

import io.synod.keys.Keys;
import io.synod.schemas.Decision;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.TenantQuota;
import io.synod.schemas.internal.Admission;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Re-keys proposals asking to open, and final decisions, by tenant, so that the quota gate sees all
 * of a tenant's openings and endings in one task. An escalated proposal has not ended: it still
 * holds its place in the quota until it is arbitrated or deadlocks.
 *
 * <p>A proposal of a tenant without a limit has nothing to wait for at the gate: it passes the
 * gate's checks here and goes straight to the protocol in this task, two topic hops sooner, while
 * the gate is only told to count it (decision 0047). When no protocol is wired (the gate's own
 * tests), every proposal takes the gate's way.
 */
final class TenantRekey implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private final Policy defaultPolicy;
    private final long defaultMaxOpen;
    private final String admissionsSink;
    private final String protocol;
    private final String rejectedSink;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, TenantQuota> quotas;

    TenantRekey(Policy defaultPolicy, long defaultMaxOpen, String admissionsSink, String protocol, String rejectedSink) {
        this.defaultPolicy = defaultPolicy;
        this.defaultMaxOpen = defaultMaxOpen;
        this.admissionsSink = admissionsSink;
        this.protocol = protocol;
        this.rejectedSink = rejectedSink;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        quotas = context.getStateStore(CoordinatorStores.TENANT_QUOTAS);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof Proposal proposal) {
            String tenant = proposal.getTenant() == null ? "" : proposal.getTenant();
            if (AdmissionChecks.maxOpen(quotas, tenant, defaultMaxOpen) <= 0) {
                direct(record, proposal, tenant);
            } else {
                context.forward(record.withKey(tenant).withValue(admission(record, proposal, tenant, false)), admissionsSink);
            }
        } else if (record.value() instanceof Decision decision && !"escalated".equals(decision.getStatus())) {
            context.forward(record.withKey(decision.getTenant()).withValue(Admission.newBuilder()
                    .setTenant(decision.getTenant())
                    .setProposalId(decision.getProposalId())
                    .setEndedStatus(decision.getStatus())
                    .setAtMs(record.timestamp())
                    .build()), admissionsSink);
        }
    }

    /** The gate's checks, then the protocol (which refuses a repeated proposal), then a count at the gate. */
    private void direct(Record<String, SpecificRecord> record, Proposal proposal, String tenant) {
        AdmissionChecks.Refusal refusal = AdmissionChecks.refusal(proposal, record.key(), record.timestamp(), context.currentStreamTimeMs(),
                defaultPolicy);
        if (refusal != null) {
            context.forward(AdmissionChecks.rejection(refusal.key(), proposal, refusal.problem().reason(), refusal.problem().detail(),
                    record.timestamp(), record.headers()), rejectedSink);
            return;
        }
        context.forward(record.withKey(tenant).withValue(admission(record, proposal, tenant, true)), admissionsSink);
        context.forward(record.withKey(Keys.of(proposal.getTenant(), proposal.getProposalId())), protocol);
    }

    private static Admission admission(Record<String, SpecificRecord> record, Proposal proposal, String tenant, boolean countOnly) {
        return Admission.newBuilder()
                .setTenant(tenant)
                .setProposalId(proposal.getProposalId() == null ? "" : proposal.getProposalId())
                .setOriginalKey(record.key())
                .setProposal(countOnly ? null : proposal)
                .setCountOnly(countOnly)
                .setAtMs(record.timestamp())
                .build();
    }
}
