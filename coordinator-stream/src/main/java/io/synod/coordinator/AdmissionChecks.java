package io.synod.coordinator;

import io.synod.events.InputLimits;
import io.synod.keys.Keys;
import io.synod.events.RejectReason;
import io.synod.events.Rejections;
import io.synod.schemas.Policy;
import io.synod.schemas.Proposal;
import io.synod.schemas.TenantQuota;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What a proposal must pass before it may open and count against its tenant's quota: the same for
 * the quota gate and for the re-key's direct route of tenants without a limit (decision 0047).
 */
final class AdmissionChecks {
    private AdmissionChecks() {
    }

    /** Why a proposal may not open, and the key its rejection is published under. */
    record Refusal(String key, ProposalChecks.Problem problem) {
    }

    /**
     * The proposal's first problem, or null when it may open: the protocol's own checks (a
     * rejection under the key it was published with), then its timing. {@code streamTimeMs} is the
     * event time the checking task already reached.
     */
    static Refusal refusal(Proposal proposal, String originalKey, long timestampMs, long streamTimeMs, Policy defaultPolicy) {
        String key = Keys.of(proposal.getTenant(), proposal.getProposalId());
        ProposalChecks.Problem problem = ProposalChecks.problemWith(proposal, originalKey, defaultPolicy);
        if (problem != null) {
            return new Refusal(originalKey == null ? key : originalKey, problem);
        }
        problem = timing(proposal, timestampMs, streamTimeMs, defaultPolicy);
        return problem == null ? null : new Refusal(key, problem);
    }

    /**
     * A proposal claiming a time after its own record, or published so late that its first round
     * would have ended (by more than clock skew) before the event time already reached (decision 0036).
     */
    private static ProposalChecks.Problem timing(Proposal proposal, long timestampMs, long streamTimeMs, Policy defaultPolicy) {
        String claimed = InputLimits.problemWithClaimedTime("proposedAtMs", proposal.getProposedAtMs(), timestampMs);
        if (claimed != null) {
            return new ProposalChecks.Problem(RejectReason.TIMESTAMP_OUT_OF_RANGE, claimed);
        }
        long roundEnds = timestampMs + PolicyResolver.resolve(proposal.getPolicy(), defaultPolicy).getRoundTimeoutMs();
        if (roundEnds + InputLimits.MAX_CLOCK_SKEW_MS < streamTimeMs) {
            return new ProposalChecks.Problem(RejectReason.TIMESTAMP_OUT_OF_RANGE, "stamped " + timestampMs + ": its first round would have ended at "
                    + roundEnds + ", before the current event time " + streamTimeMs);
        }
        return null;
    }

    /** The tenant's own limit when it has one, else the deployment's; 0 is unlimited. */
    static long maxOpen(KeyValueStore<String, TenantQuota> quotas, String tenant, long defaultMaxOpen) {
        TenantQuota quota = quotas.get(tenant);
        if (quota != null && quota.getMaxOpenProposals() != null) {
            return quota.getMaxOpenProposals();
        }
        return defaultMaxOpen;
    }

    static Record<String, SpecificRecord> rejection(String key, Proposal proposal, RejectReason reason, String detail, long timestampMs,
                                                    Headers headers) {
        return new Record<>(key, (SpecificRecord) Rejections.of("proposal", proposal.getTenant(), proposal.getProposalId(),
                proposal.getEventId(), reason, detail, timestampMs), timestampMs, headers);
    }
}
