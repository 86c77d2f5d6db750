package io.synod.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void shouldMatchAnHmacComputedIndependently() throws Exception {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("key-key-key-key!".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));

        String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal("1700000000000.{\"a\":1}".getBytes(StandardCharsets.UTF_8)));

        assertThat(WebhookSigner.sign("key-key-key-key!", 1_700_000_000_000L, body)).isEqualTo(expected);
    }

    @Test
    void shouldRefuseABodyOrTimestampChangedAfterSigning() {
        byte[] body = "{\"decision\":\"approve\"}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSigner.sign("secret-secret-secret", 5L, body);

        assertThat(WebhookSigner.verify("secret-secret-secret", 5L, body, signature)).isTrue();
        assertThat(WebhookSigner.verify("secret-secret-secret", 6L, body, signature)).isFalse();
        assertThat(WebhookSigner.verify("secret-secret-secret", 5L, "{\"decision\":\"reject\"}".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(WebhookSigner.verify("secret-secret-secret", 5L, body, null)).isFalse();
    }
}
