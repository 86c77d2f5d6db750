package io.synod.coordinator;

import io.synod.events.InputLimits;
import io.synod.events.RejectReason;
import io.synod.events.Rejections;
import io.synod.keys.Keys;
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
 * Admits a tenant's proposals while it has fewer open than its quota allows. Keyed by tenant, so
 * the count is exact across all partitions of the proposal topics. Only proposals the coordinator
 * will open are counted (the same checks run here first), every proposal is remembered so a
 * resubmitted one is refused as a duplicate rather than counted twice, and a proposal frees its
 * place when its final decision arrives.
 */
final class QuotaGate implements Processor<String, Admission, String, SpecificRecord> {
    private static final long OPEN = 1L;
    private static final long ENDED = 0L;

    private final Policy defaultPolicy;
    private final long defaultMaxOpen;
    private final String admittedSink;
    private final String rejectedSink;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Long> proposals;
    private KeyValueStore<String, Long> openCounts;
    private KeyValueStore<String, TenantQuota> quotas;

    QuotaGate(Policy defaultPolicy, long defaultMaxOpen, String admittedSink, String rejectedSink) {
        this.defaultPolicy = defaultPolicy;
        this.defaultMaxOpen = defaultMaxOpen;
        this.admittedSink = admittedSink;
        this.rejectedSink = rejectedSink;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        proposals = context.getStateStore(CoordinatorStores.QUOTA_PROPOSALS);
        openCounts = context.getStateStore(CoordinatorStores.QUOTA_OPEN);
        quotas = context.getStateStore(CoordinatorStores.TENANT_QUOTAS);
    }

    @Override
    public void process(Record<String, Admission> record) {
        Admission admission = record.value();
        if (admission == null) {
            return;
        }
        if (admission.getProposal() != null) {
            admit(record, admission.getProposal(), admission.getOriginalKey());
        } else if (admission.getEndedStatus() != null) {
            ended(admission.getTenant(), admission.getProposalId());
        }
    }

    private void admit(Record<String, Admission> record, Proposal proposal, String originalKey) {
        String key = Keys.of(proposal.getTenant(), proposal.getProposalId());
        ProposalChecks.Problem problem = ProposalChecks.problemWith(proposal, originalKey, defaultPolicy);
        if (problem == null) {
            problem = timing(proposal, record.timestamp());
        }
        if (problem != null) {
            reject(record, originalKey == null ? key : originalKey, proposal, problem.reason(), problem.detail());
            return;
        }
        String entry = entryKey(proposal.getTenant(), proposal.getProposalId());
        if (proposals.get(entry) != null) {
            reject(record, key, proposal, RejectReason.DUPLICATE_PROPOSAL, "proposal " + proposal.getProposalId() + " already exists");
            return;
        }
        long open = openCount(proposal.getTenant());
        long limit = maxOpen(proposal.getTenant());
        if (limit > 0 && open >= limit) {
            reject(record, key, proposal, RejectReason.QUOTA_EXCEEDED, "tenant " + proposal.getTenant() + " already has " + open
                    + " open proposals, its quota of open proposals is " + limit);
            return;
        }
        proposals.put(entry, OPEN);
        openCounts.put(proposal.getTenant(), open + 1);
        context.forward(new Record<>(key, proposal, record.timestamp(), record.headers()), admittedSink);
    }

    /**
     * A proposal claiming a time after its own record, or published so late that its first round
     * would have ended (by more than clock skew) before the event time this tenant's proposals
     * already reached (decision
     * 0036). Only the gate checks this: it is the one way in, and it must not count a proposal that
     * will not open.
     */
    private ProposalChecks.Problem timing(Proposal proposal, long timestampMs) {
        String claimed = InputLimits.problemWithClaimedTime("proposedAtMs", proposal.getProposedAtMs(), timestampMs);
        if (claimed != null) {
            return new ProposalChecks.Problem(RejectReason.TIMESTAMP_OUT_OF_RANGE, claimed);
        }
        long roundEnds = timestampMs + PolicyResolver.resolve(proposal.getPolicy(), defaultPolicy).getRoundTimeoutMs();
        long streamTime = context.currentStreamTimeMs();
        if (roundEnds + InputLimits.MAX_CLOCK_SKEW_MS < streamTime) {
            return new ProposalChecks.Problem(RejectReason.TIMESTAMP_OUT_OF_RANGE, "stamped " + timestampMs + ": its first round would have ended at "
                    + roundEnds + ", before the current event time " + streamTime);
        }
        return null;
    }

    private void ended(String tenant, String proposalId) {
        String entry = entryKey(tenant, proposalId);
        Long state = proposals.get(entry);
        if (state == null || state != OPEN) {
            return;
        }
        proposals.put(entry, ENDED);
        openCounts.put(tenant, Math.max(0L, openCount(tenant) - 1));
    }

    private long openCount(String tenant) {
        Long count = openCounts.get(tenant);
        return count == null ? 0L : count;
    }

    /** The tenant's own limit when it has one, else the deployment's; 0 is unlimited. */
    private long maxOpen(String tenant) {
        TenantQuota quota = quotas.get(tenant);
        if (quota != null && quota.getMaxOpenProposals() != null) {
            return quota.getMaxOpenProposals();
        }
        return defaultMaxOpen;
    }

    private void reject(Record<String, Admission> record, String key, Proposal proposal, RejectReason reason, String detail) {
        context.forward(new Record<>(key, (SpecificRecord) Rejections.of("proposal", proposal.getTenant(), proposal.getProposalId(),
                proposal.getEventId(), reason, detail, record.timestamp()), record.timestamp(), record.headers()), rejectedSink);
    }

    private static String entryKey(String tenant, String proposalId) {
        return tenant + '\u0000' + proposalId;
    }
}
