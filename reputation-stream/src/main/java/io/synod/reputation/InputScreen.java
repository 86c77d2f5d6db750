package io.synod.reputation;

import io.synod.events.InputLimits;
import io.synod.events.RejectReason;
import io.synod.events.Rejections;
import io.synod.keys.Keys;
import io.synod.schemas.Outcome;
import io.synod.schemas.Rejection;
import io.synod.schemas.ReputationReset;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The reputation app's front door for what producers outside Synod write: ground-truth outcomes
 * and operators' resets. Each passes unchanged, or becomes a {@link Rejection} with its reason when
 * its ids are unusable, its key names another tenant or subject than its fields (the key chose the
 * task and the agent it reaches, so a mismatch could touch another tenant's agents), or it claims
 * a time after its own record (decision 0036).
 */
public final class InputScreen implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private ProcessorContext<String, SpecificRecord> context;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        Rejection refused = problem(record.key(), record.value(), record.timestamp());
        context.forward(refused == null ? record : record.withValue(refused));
    }

    /** Null when the input may be applied, else the rejection to publish. */
    public static Rejection problem(String key, SpecificRecord value, long timestampMs) {
        if (value instanceof Outcome outcome) {
            return check("outcome", key, outcome.getTenant(), "proposal", outcome.getProposalId(), null,
                    Keys.problemWithId("truth", outcome.getTruth()), "observedAtMs", outcome.getObservedAtMs(), timestampMs);
        }
        if (value instanceof ReputationReset reset) {
            Double to = reset.getTo();
            String problem = to != null && !(to >= 0.0 && to <= 1.0) ? "to must be in [0,1], got " + to : null;
            return check("reset", key, reset.getTenant(), "agent", reset.getAgentId(), reset.getAgentId(),
                    problem, "requestedAtMs", reset.getRequestedAtMs(), timestampMs);
        }
        return null;
    }

    private static Rejection check(String source, String key, String tenant, String idName, String id, String agent, String fieldProblem,
                                   String timeField, long claimedMs, long timestampMs) {
        String problem = firstNonNull(Keys.problemWithTenant(tenant), Keys.problemWithId(idName, id));
        RejectReason reason = RejectReason.INVALID_ID;
        if (problem == null && !Keys.of(tenant, id).equals(key)) {
            problem = "record key " + key + " does not match " + Keys.of(tenant, id);
            reason = RejectReason.KEY_MISMATCH;
        }
        if (problem == null && fieldProblem != null) {
            problem = fieldProblem;
            reason = RejectReason.INVALID_VALUE;
        }
        if (problem == null) {
            problem = InputLimits.problemWithClaimedTime(timeField, claimedMs, timestampMs);
            reason = RejectReason.TIMESTAMP_OUT_OF_RANGE;
        }
        if (problem == null) {
            return null;
        }
        Rejection rejection = Rejections.of(source, tenant, agent == null ? id : null, null, reason, problem, timestampMs);
        rejection.setAgentId(agent);
        return rejection;
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }
}
