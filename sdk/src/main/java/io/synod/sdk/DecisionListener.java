package io.synod.sdk;

import io.synod.schemas.Decision;

/** Receives decisions on a subscription's thread, in partition order. */
@FunctionalInterface
public interface DecisionListener {
    void onDecision(Decision decision);
}
