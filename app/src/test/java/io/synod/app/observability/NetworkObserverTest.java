package io.synod.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Reputation;
import org.junit.jupiter.api.Test;

class NetworkObserverTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NetworkObserver observer = new NetworkObserver(registry, new TenantTags(10), 0.5);

    private void reputation(String agent, double value, boolean flagged, boolean backlog) {
        reputation(agent, value, flagged, backlog, "decision");
    }

    private void reputation(String agent, double value, boolean flagged, boolean backlog, String cause) {
        observer.reputations().accept(Reputation.newBuilder().setTenant("t").setAgentId(agent).setReputation(value).setAccuracy(value)
                .setIntegrity(1.0).setVotes(1).setAgreements(1).setCause(cause).setUpdatedAtMs(0L).setFlagged(flagged).build(), 0L, backlog);
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void shouldSummariseTheTenantsReputationsAsTheTableHoldsThemNow() {
        reputation("a1", 0.9, false, false);
        reputation("a2", 0.3, false, false);
        reputation("a3", 0.6, true, false);
        reputation("a2", 0.45, false, false);
        observer.registrations().accept(AgentRegistration.newBuilder().setTenant("t").setAgentId("a1").setUpdatedAtMs(0L).build(), 0L, false);
        observer.registrations().accept(AgentRegistration.newBuilder().setTenant("t").setAgentId("a9").setActive(false).setUpdatedAtMs(0L).build(), 0L, false);

        assertThat(gauge("consensus.network.avg.reputation", "tenant", "t")).isCloseTo(0.65, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(gauge("consensus.network.agents", "tenant", "t")).isEqualTo(3.0);
        assertThat(gauge("consensus.network.active.agents", "tenant", "t")).isEqualTo(1.0);
        assertThat(gauge("consensus.network.low.reputation.agents", "tenant", "t")).isEqualTo(1.0);
        assertThat(gauge("consensus.network.flagged.share", "tenant", "t")).isCloseTo(1 / 3.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(gauge("consensus.network.reputation.band.agents", "tenant", "t", "band", "0.4")).isEqualTo(1.0);
        assertThat(gauge("consensus.network.reputation.band.agents", "tenant", "t", "band", "0.9")).isEqualTo(1.0);
    }

    @Test
    void shouldCountAnAgentAsDetectedWhenItIsNewlyQuarantinedOnly() {
        reputation("old", 0.2, true, true);
        reputation("a1", 0.8, false, false);
        reputation("a1", 0.4, true, false);
        reputation("a1", 0.3, true, false);

        assertThat(registry.get("byzantine.agents.detected").tag("tenant", "t").counter().count())
                .as("quarantines from before this process started are not new detections").isEqualTo(1.0);
    }

    @Test
    void shouldCountAReinstatementButNotAnOperatorsReset() {
        reputation("a1", 0.3, true, false);
        reputation("a1", 0.3, false, false, "reinstated");
        reputation("a2", 0.3, true, false);
        reputation("a2", 0.6, false, false, "reset");

        assertThat(registry.get("byzantine.agents.reinstated").tag("tenant", "t").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldPutAPerfectReputationInTheTopBand() {
        assertThat(NetworkObserver.bandOf(1.0)).isEqualTo(9);
        assertThat(NetworkObserver.bandOf(0.0)).isZero();
        assertThat(NetworkObserver.bandLabel(3)).isEqualTo("0.3");
    }
}
