package io.synod.coordinator;

import io.synod.events.RejectReason;
import io.synod.keys.Keys;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.TenantQuota;
import io.synod.schemas.internal.Admission;
import io.synod.streams.DueIndex;
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
 * place when its final decision arrives. With {@code consensus.ended.retention.ms} set, an ended
 * proposal is forgotten that long (in stream time) after its end, as the coordinator forgets it.
 */
final class QuotaGate implements Processor<String, Admission, String, SpecificRecord> {
    private static final long OPEN = 1L;
    private static final long ENDED = 0L;

    private final Policy defaultPolicy;
    private final long defaultMaxOpen;
    private final long endedRetentionMs;
    private final String admittedSink;
    private final String rejectedSink;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Long> proposals;
    private KeyValueStore<String, Long> openCounts;
    private KeyValueStore<String, TenantQuota> quotas;
    private DueIndex expiry;

    QuotaGate(Policy defaultPolicy, long defaultMaxOpen, long endedRetentionMs, String admittedSink, String rejectedSink) {
        this.defaultPolicy = defaultPolicy;
        this.defaultMaxOpen = defaultMaxOpen;
        this.endedRetentionMs = endedRetentionMs;
        this.admittedSink = admittedSink;
        this.rejectedSink = rejectedSink;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        proposals = context.getStateStore(CoordinatorStores.QUOTA_PROPOSALS);
        openCounts = context.getStateStore(CoordinatorStores.QUOTA_OPEN);
        quotas = context.getStateStore(CoordinatorStores.TENANT_QUOTAS);
        expiry = new DueIndex(context.getStateStore(CoordinatorStores.QUOTA_EXPIRY));
    }

    @Override
    public void process(Record<String, Admission> record) {
        // Before the record: a proposal reusing the id of one forgotten at this very stream time is new.
        forgetEnded(context.currentStreamTimeMs());
        Admission admission = record.value();
        if (admission == null) {
            return;
        }
        if (admission.getCountOnly()) {
            counted(admission.getTenant(), admission.getProposalId());
        } else if (admission.getProposal() != null) {
            admit(record, admission.getProposal(), admission.getOriginalKey());
        } else if (admission.getEndedStatus() != null) {
            ended(admission.getTenant(), admission.getProposalId());
        }
    }

    private void forgetEnded(long nowMs) {
        expiry.takeDueBefore(nowMs, (entry, dueMs) -> {
            Long state = proposals.get(entry);
            if (state != null && state == ENDED) {
                proposals.delete(entry);
            }
        });
    }

    private void admit(Record<String, Admission> record, Proposal proposal, String originalKey) {
        String key = Keys.of(proposal.getTenant(), proposal.getProposalId());
        AdmissionChecks.Refusal refusal = AdmissionChecks.refusal(proposal, originalKey, record.timestamp(), context.currentStreamTimeMs(),
                defaultPolicy);
        if (refusal != null) {
            reject(record, refusal.key(), proposal, refusal.problem().reason(), refusal.problem().detail());
            return;
        }
        String entry = entryKey(proposal.getTenant(), proposal.getProposalId());
        if (proposals.get(entry) != null) {
            reject(record, key, proposal, RejectReason.DUPLICATE_PROPOSAL, "proposal " + proposal.getProposalId() + " already exists");
            return;
        }
        long open = openCount(proposal.getTenant());
        long limit = AdmissionChecks.maxOpen(quotas, proposal.getTenant(), defaultMaxOpen);
        if (limit > 0 && open >= limit) {
            reject(record, key, proposal, RejectReason.QUOTA_EXCEEDED, "tenant " + proposal.getTenant() + " already has " + open
                    + " open proposals, its quota of open proposals is " + limit);
            return;
        }
        countOpen(proposal.getTenant(), entry);
        context.forward(new Record<>(key, proposal, record.timestamp(), record.headers()), admittedSink);
    }

    /**
     * A proposal of a tenant without a limit went straight to the protocol; it is counted here so a
     * limit set later starts from the right number. Only its first notice counts.
     */
    private void counted(String tenant, String proposalId) {
        String entry = entryKey(tenant, proposalId);
        if (proposals.get(entry) == null) {
            countOpen(tenant, entry);
        }
    }

    private void countOpen(String tenant, String entry) {
        proposals.put(entry, OPEN);
        openCounts.put(tenant, openCount(tenant) + 1);
    }

    private void ended(String tenant, String proposalId) {
        String entry = entryKey(tenant, proposalId);
        Long state = proposals.get(entry);
        if (state == null || state != OPEN) {
            return;
        }
        proposals.put(entry, ENDED);
        openCounts.put(tenant, Math.max(0L, openCount(tenant) - 1));
        if (endedRetentionMs > 0) {
            expiry.schedule(entry, DueIndex.after(context.currentStreamTimeMs(), endedRetentionMs));
        }
    }

    private long openCount(String tenant) {
        Long count = openCounts.get(tenant);
        return count == null ? 0L : count;
    }

    private void reject(Record<String, Admission> record, String key, Proposal proposal, RejectReason reason, String detail) {
        context.forward(AdmissionChecks.rejection(key, proposal, reason, detail, record.timestamp(), record.headers()), rejectedSink);
    }

    private static String entryKey(String tenant, String proposalId) {
        return tenant + '\u0000' + proposalId;
    }
}
