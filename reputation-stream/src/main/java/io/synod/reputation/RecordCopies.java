package io.synod.reputation;

import io.synod.schemas.AgentProfile;
import io.synod.schemas.Reputation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies a reputation so that the copy can be changed without touching the original: its maps,
 * lists and profile are new, while strings and numbers, which are immutable, are shared. Field by
 * field through the generated accessors: Avro's own deep copy also copies every string and number
 * through the schema, and a generic copy by field position boxes every number and finds the class
 * by schema; a copy for every signal was the reputation updater's largest cost in replay (measured,
 * docs/benchmarks.md). {@code RecordCopiesTest} fails when a field added to either schema is not
 * copied here.
 */
final class RecordCopies {
    private RecordCopies() {
    }

    static Reputation copy(Reputation from) {
        if (from == null) {
            return null;
        }
        Reputation to = new Reputation();
        to.setTenant(from.getTenant());
        to.setAgentId(from.getAgentId());
        to.setReputation(from.getReputation());
        to.setAccuracy(from.getAccuracy());
        to.setIntegrity(from.getIntegrity());
        to.setVotes(from.getVotes());
        to.setAgreements(from.getAgreements());
        to.setFlags(from.getFlags());
        to.setCause(from.getCause());
        to.setCauseRef(from.getCauseRef());
        to.setUpdatedAtMs(from.getUpdatedAtMs());
        to.setFlagged(from.getFlagged());
        to.setFlagReason(from.getFlagReason());
        to.setSoftCorrect(from.getSoftCorrect());
        to.setSoftWrong(from.getSoftWrong());
        to.setLifetimeCorrect(from.getLifetimeCorrect());
        to.setLifetimeWrong(from.getLifetimeWrong());
        to.setConfusion(map(from.getConfusion()));
        to.setRowTotals(map(from.getRowTotals()));
        to.setTruthVotes(from.getTruthVotes());
        to.setTruthCorrect(from.getTruthCorrect());
        to.setTruthWithWrongDecision(from.getTruthWithWrongDecision());
        to.setProfile(copy(from.getProfile()));
        to.setEchoes(list(from.getEchoes()));
        return to;
    }

    static AgentProfile copy(AgentProfile from) {
        if (from == null) {
            return null;
        }
        AgentProfile to = new AgentProfile();
        to.setDecisionVotes(from.getDecisionVotes());
        to.setDecisionAgreements(from.getDecisionAgreements());
        to.setChanceAgreements(from.getChanceAgreements());
        to.setRecentAgreed(from.getRecentAgreed());
        to.setRecentChance(list(from.getRecentChance()));
        to.setBrierDecisions(from.getBrierDecisions());
        to.setBrierDecisionVotes(from.getBrierDecisionVotes());
        to.setBrierTruth(from.getBrierTruth());
        to.setBrierTruthVotes(from.getBrierTruthVotes());
        to.setConfidentVotes(from.getConfidentVotes());
        to.setResolutionVotes(from.getResolutionVotes());
        to.setConfidenceSum(from.getConfidenceSum());
        to.setConfidenceSquares(from.getConfidenceSquares());
        to.setRightSum(from.getRightSum());
        to.setConfidenceRight(from.getConfidenceRight());
        to.setChoiceCounts(map(from.getChoiceCounts()));
        to.setReasonCounts(map(from.getReasonCounts()));
        to.setLaterRoundVotes(from.getLaterRoundVotes());
        to.setFlipFlops(from.getFlipFlops());
        to.setJustificationPrints(list(from.getJustificationPrints()));
        to.setJustifiedVotes(from.getJustifiedVotes());
        to.setSelfCopies(from.getSelfCopies());
        to.setRelevance(from.getRelevance());
        to.setQualitySamples(from.getQualitySamples());
        to.setSemanticSelfCopies(from.getSemanticSelfCopies());
        to.setOutcomeVotes(from.getOutcomeVotes());
        to.setOutcomeSupport(from.getOutcomeSupport());
        to.setOutcomeRight(from.getOutcomeRight());
        to.setRecentOutcomes(list(from.getRecentOutcomes()));
        to.setMissedOutcomes(from.getMissedOutcomes());
        to.setMissedRight(from.getMissedRight());
        to.setExcludedVotes(from.getExcludedVotes());
        to.setExcludedWithMajority(from.getExcludedWithMajority());
        to.setRevisableQuarantine(from.getRevisableQuarantine());
        to.setQuarantinedVotes(from.getQuarantinedVotes());
        to.setQuarantinedWithMajority(from.getQuarantinedWithMajority());
        to.setQuarantinedChance(from.getQuarantinedChance());
        return to;
    }

    private static <K, V> Map<K, V> map(Map<K, V> from) {
        return from == null ? null : new HashMap<>(from);
    }

    private static <T> List<T> list(List<T> from) {
        return from == null ? null : new ArrayList<>(from);
    }
}
