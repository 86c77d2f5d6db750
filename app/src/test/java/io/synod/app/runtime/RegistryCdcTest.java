package io.synod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.AgentRegistration;
import io.synod.schemas.TenantQuota;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Debezium change events (pgoutput, JSON without schemas) read into registrations and quotas. */
class RegistryCdcTest {

    @Test
    void shouldReadAnAgentRowAsARegistrationAndADeletedOneAsDeactivated() throws Exception {
        RegistryCdc.Change upsert = RegistryCdc.Change.parse("""
                {"before":null,"after":{"tenant":"acme","agent_id":"a1","kind":"oracle","active":true,"trusted":true,"public_key":"k"},
                 "source":{"table":"agent_registry","ts_ms":1234},"op":"c"}""");
        RegistryCdc.Change delete = RegistryCdc.Change.parse("""
                {"before":{"tenant":"acme","agent_id":"a1"},"after":null,"source":{"table":"agent_registry","ts_ms":2000},"op":"d"}""");

        AgentRegistration added = RegistryCdc.registration(upsert);
        AgentRegistration removed = RegistryCdc.registration(delete);

        assertThat(added.getKind()).isEqualTo("oracle");
        assertThat(added.getActive()).isTrue();
        assertThat(added.getTrusted()).isTrue();
        assertThat(added.getPublicKey()).isEqualTo("k");
        assertThat(added.getUpdatedAtMs()).isEqualTo(1234L);
        assertThat(removed.getActive()).isFalse();
        assertThat(removed.getTrusted()).isFalse();
    }

    @Test
    void shouldReadATenantRowAsItsQuotasWithNullMeaningTheDeploymentDefault() throws Exception {
        RegistryCdc.Change change = RegistryCdc.Change.parse("""
                {"payload":{"before":null,"after":{"tenant":"acme","max_agents":50,"max_open_proposals":null},
                 "source":{"table":"tenants","ts_ms":7}}}""");

        TenantQuota quota = RegistryCdc.quota(change);

        assertThat(change.table()).isEqualTo("tenants");
        assertThat(quota.getMaxAgents()).isEqualTo(50);
        assertThat(quota.getMaxOpenProposals()).isNull();
    }

    @Test
    void shouldIgnoreAnEventWithoutARow() throws Exception {
        assertThat(RegistryCdc.Change.parse("{\"before\":null,\"after\":null,\"source\":{\"table\":\"tenants\"}}")).isNull();
        assertThat(RegistryCdc.Change.parse(null)).isNull();
    }

    @Test
    void shouldPassTheJdbcUrlsTlsParametersToDebezium() {
        URI uri = URI.create("postgresql://db:5432/synod?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.crt&ApplicationName=x");

        assertThat(RegistryCdc.tlsSettings(uri)).containsExactly(
                java.util.Map.entry("database.sslmode", "verify-full"), java.util.Map.entry("database.sslrootcert", "/etc/ca.crt"));
    }
}
