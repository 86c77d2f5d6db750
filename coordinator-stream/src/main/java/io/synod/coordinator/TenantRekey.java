package io.synod.coordinator;

import io.synod.schemas.Decision;
import io.synod.schemas.Proposal;
import io.synod.schemas.internal.Admission;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys proposals asking to open, and final decisions, by tenant, so that the quota gate sees all
 * of a tenant's openings and endings in one task. An escalated proposal has not ended: it still
 * holds its place in the quota until it is arbitrated or deadlocks.
 */
final class TenantRekey implements Processor<String, SpecificRecord, String, Admission> {
    private ProcessorContext<String, Admission> context;

    @Override
    public void init(ProcessorContext<String, Admission> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof Proposal proposal) {
            String tenant = proposal.getTenant() == null ? "" : proposal.getTenant();
            context.forward(record.withKey(tenant).withValue(Admission.newBuilder()
                    .setTenant(tenant)
                    .setProposalId(proposal.getProposalId() == null ? "" : proposal.getProposalId())
                    .setOriginalKey(record.key())
                    .setProposal(proposal)
                    .setAtMs(record.timestamp())
                    .build()));
        } else if (record.value() instanceof Decision decision && !"escalated".equals(decision.getStatus())) {
            context.forward(record.withKey(decision.getTenant()).withValue(Admission.newBuilder()
                    .setTenant(decision.getTenant())
                    .setProposalId(decision.getProposalId())
                    .setEndedStatus(decision.getStatus())
                    .setAtMs(record.timestamp())
                    .build()));
        }
    }
}
